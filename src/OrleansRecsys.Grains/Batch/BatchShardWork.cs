namespace OrleansRecsys.Grains.Batch;

/// <summary>One work item of a batch run: precompute the users of activity shard <see cref="Shard"/> active since <see cref="ActiveSinceMs"/>.</summary>
[GenerateSerializer, Immutable, Alias("recsys.BatchShardWork")]
internal sealed record BatchShardWork(
    [Id(0)] string RunId,
    [Id(1)] long Sequence,
    [Id(2)] string Model,
    [Id(3)] string Version,
    [Id(4)] int K,
    [Id(5)] int Shard,
    [Id(6)] long ActiveSinceMs,
    [Id(7)] DateTimeOffset ComputedAt)
{
    /// <summary>The key of the worker grain that runs this item: one activation per run and shard, so a re-sent item finds it.</summary>
    public string WorkerKey => $"{RunId}/{Shard}";
}
