namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// A run in progress as its coordinator persists it: what it computes, which work items (one per activity shard) are
/// done, and the users they counted. Immutable: a finished item makes a new run (see <see cref="CommittedState{TState}"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.BatchRun")]
internal sealed record BatchRun(
    [Id(0)] long Sequence,
    [Id(1)] string Model,
    [Id(2)] string Version,
    [Id(3)] int K,
    [Id(4)] string Segment,
    [Id(5)] long ActiveSinceMs,
    [Id(6)] DateTimeOffset StartedAt,
    [Id(7)] string Who,
    [Id(8)] bool[] ShardsDone,
    [Id(9)] long UsersDone,
    [Id(10)] long UsersFailed)
{
    public string RunId => BatchRunIds.Format(Model, Sequence);

    public int ShardsDoneCount => ShardsDone.Count(done => done);

    public bool IsComplete => ShardsDoneCount == ShardsDone.Length;

    /// <summary>A new run of every activity shard.</summary>
    public static BatchRun Start(long sequence, string model, string version, BatchRunRequest request, DateTimeOffset now) =>
        new(sequence, model, version, request.K, request.Segment, BatchSegment.ActiveSinceMs(request.Segment, now.ToUnixTimeMilliseconds()), now,
            request.Who, new bool[ActivityShards.Count], 0, 0);

    /// <summary>The run with <paramref name="result"/> counted; null when it is not this run's or its item is already counted.</summary>
    public BatchRun? With(BatchShardResult result)
    {
        if (result.Sequence != Sequence || result.Shard < 0 || result.Shard >= ShardsDone.Length || ShardsDone[result.Shard])
        {
            return null;
        }

        var done = (bool[])ShardsDone.Clone();
        done[result.Shard] = true;
        return this with { ShardsDone = done, UsersDone = UsersDone + result.UsersDone, UsersFailed = UsersFailed + result.UsersFailed };
    }

    /// <summary>Up to <paramref name="limit"/> unfinished items that <paramref name="inFlight"/> does not hold, lowest shard first.</summary>
    public List<int> NextShards(IReadOnlySet<int> inFlight, int limit)
    {
        var next = new List<int>();
        for (var shard = 0; shard < ShardsDone.Length && inFlight.Count + next.Count < limit; shard++)
        {
            if (!ShardsDone[shard] && !inFlight.Contains(shard))
            {
                next.Add(shard);
            }
        }

        return next;
    }

    public BatchShardWork WorkFor(int shard) => new(RunId, Sequence, Model, Version, K, shard, ActiveSinceMs, StartedAt);

    public BatchRunStatus Status(BatchRunState state, DateTimeOffset? finishedAt = null, string? error = null) =>
        new(RunId, Model, Version, K, Segment, state, StartedAt, finishedAt, ShardsDone.Length, ShardsDoneCount, UsersDone, UsersFailed, Who, error);
}
