namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// A backfill in progress, as persisted: what it replays and, per log range, the next offset to replay. Progress moves only
/// after the grains it reached have written their state, so a resumed run replays at most one chunk again, which the
/// grains' backfill marks make harmless.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.BackfillRun")]
internal sealed record BackfillRun(
    [Id(0)] string Id,
    [Id(1)] int Version,
    [Id(2)] string[] Features,
    [Id(3)] DateTimeOffset? From,
    [Id(4)] DateTimeOffset? To,
    [Id(5)] DateTimeOffset StartedAt,
    [Id(6)] string Who,
    [Id(7)] LogRange[] Ranges,
    [Id(8)] long[] Next,
    [Id(9)] long EventsRead = 0,
    [Id(10)] long UserUpdates = 0,
    [Id(11)] long ItemUpdates = 0,
    [Id(12)] int FailedSteps = 0,
    [Id(13)] string? LastError = null)
{
    public bool IsComplete => NextRange() < 0;

    /// <summary>The first range with offsets left, or -1.</summary>
    public int NextRange()
    {
        for (var i = 0; i < Ranges.Length; i++)
        {
            if (Next[i] < Ranges[i].End)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>This run after a replayed chunk of range <paramref name="index"/> up to (excluding) <paramref name="next"/>.</summary>
    public BackfillRun After(int index, long next, BackfillChunkResult chunk)
    {
        var offsets = (long[])Next.Clone();
        offsets[index] = next;
        return this with
        {
            Next = offsets, EventsRead = EventsRead + chunk.Records, UserUpdates = UserUpdates + chunk.UserUpdates,
            ItemUpdates = ItemUpdates + chunk.ItemUpdates, FailedSteps = 0, LastError = null,
        };
    }

    public BackfillStatus Status(BackfillState state, DateTimeOffset? finishedAt = null, string? error = null) =>
        new(Id, Version, Features, state, From, To, StartedAt, finishedAt, Ranges.Sum(r => r.Count), EventsRead, UserUpdates, ItemUpdates, Who,
            error ?? LastError);
}
