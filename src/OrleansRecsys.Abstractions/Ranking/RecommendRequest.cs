namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RecommendRequest")]
public sealed record RecommendRequest(
    string UserId,
    int K,
    string Model,
    string[] Exclude,
    string? RequestId = null,
    int DeadlineMs = 50);
