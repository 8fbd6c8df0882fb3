namespace OrleansRecsys;

/// <summary>GET /v1/recommendations/{userId}: up to <see cref="K"/> items, precomputed when at most <see cref="MaxAgeMs"/> old
/// (0: the silo's configured freshness bound); <see cref="DeadlineMs"/> bounds the online path. A user without history gets
/// the popular items of <see cref="Category"/> when it is set, else the global ones.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RecommendationsRequest")]
public sealed record RecommendationsRequest(
    [Id(0)] string UserId,
    [Id(1)] int K,
    [Id(2)] string Model,
    [Id(3)] long MaxAgeMs,
    [Id(4)] int DeadlineMs = 50,
    [Id(5)] string? Category = null);
