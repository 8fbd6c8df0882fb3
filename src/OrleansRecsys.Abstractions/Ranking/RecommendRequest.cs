namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RecommendRequest")]
public sealed record RecommendRequest(
    [Id(0)] string UserId,
    [Id(1)] int K,
    [Id(2)] string Model,
    [Id(3)] string[] Exclude,
    [Id(4)] string? RequestId = null,
    [Id(5)] int DeadlineMs = 50,
    [Id(7)] ServingContext? Context = null);
