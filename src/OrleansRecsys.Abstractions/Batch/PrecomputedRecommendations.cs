namespace OrleansRecsys;

/// <summary>A user's top-K as a batch run computed it: which model version, when, by which run, and the K the run asked for
/// (<see cref="Items"/> is shorter when fewer candidates were left).</summary>
[GenerateSerializer, Immutable, Alias("recsys.PrecomputedRecommendations")]
public sealed record PrecomputedRecommendations(
    [Id(0)] string UserId,
    [Id(1)] string Model,
    [Id(2)] string Version,
    [Id(3)] string RunId,
    [Id(4)] DateTimeOffset ComputedAt,
    [Id(5)] int K,
    [Id(6)] RankedItem[] Items);
