namespace OrleansRecsys.Grains.Catalog;

/// <summary>The interaction log an online backfill replays: the topic live ingestion consumes, read outside its consumer group.</summary>
internal interface IInteractionLog
{
    /// <summary>Every partition's offsets between <paramref name="from"/> and <paramref name="to"/> (message times; the log's
    /// start and its current end when null).</summary>
    Task<LogRange[]> PlanAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> records of <paramref name="range"/> from offset <paramref name="next"/>, in order.
    /// Throws when the log does not answer, never answers an empty chunk for a range with records left.</summary>
    Task<LogChunk> ReadAsync(LogRange range, long next, int max, CancellationToken cancellationToken);
}
