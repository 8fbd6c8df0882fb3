namespace OrleansRecsys;

/// <summary>
/// A batch run as callers see it: its id (<c>{model}-run-{n}</c>, see <see cref="BatchRunIds"/>), what it computes, and its
/// progress in shards (work items) and users. <see cref="UsersFailed"/> counts users whose scoring failed; their previous
/// recommendations, if any, stay.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.BatchRunStatus")]
public sealed record BatchRunStatus(
    [Id(0)] string RunId,
    [Id(1)] string Model,
    [Id(2)] string Version,
    [Id(3)] int K,
    [Id(4)] string Segment,
    [Id(5)] BatchRunState State,
    [Id(6)] DateTimeOffset StartedAt,
    [Id(7)] DateTimeOffset? FinishedAt,
    [Id(8)] int ShardsTotal,
    [Id(9)] int ShardsDone,
    [Id(10)] long UsersDone,
    [Id(11)] long UsersFailed,
    [Id(12)] string Who,
    [Id(13)] string? Error);
