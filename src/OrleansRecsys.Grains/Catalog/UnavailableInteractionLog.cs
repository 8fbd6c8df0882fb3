namespace OrleansRecsys.Grains.Catalog;

/// <summary>A host without Kafka ingestion has no log to replay: a backfill started there is refused with this reason.</summary>
internal sealed class UnavailableInteractionLog : IInteractionLog
{
    private const string Reason = "this silo has no interaction log to replay (Kafka ingestion is not configured)";

    public Task<LogRange[]> PlanAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Reason);

    public Task<LogChunk> ReadAsync(LogRange range, long next, int max, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Reason);
}
