namespace OrleansRecsys;

/// <summary>A recommend request; <see cref="Version"/> pins the ranking to one version as on <see cref="RankRequest.Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RecommendRequest")]
public sealed record RecommendRequest(
    [Id(0)] string UserId,
    [Id(1)] int K,
    [Id(2)] string Model,
    [Id(3)] string[] Exclude,
    [Id(4)] string? RequestId = null,
    [Id(5)] int DeadlineMs = 50,
    [Id(6)] bool Explain = false,
    [Id(8)] string? Version = null,
    [Id(7)] ServingContext? Context = null);
