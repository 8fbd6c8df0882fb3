namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RankRequest")]
public sealed record RankRequest(
    string UserId,
    string[] Candidates,
    int K,
    string Model,
    string? RequestId = null,
    int DeadlineMs = 50);

[GenerateSerializer, Immutable, Alias("recsys.RecommendRequest")]
public sealed record RecommendRequest(
    string UserId,
    int K,
    string Model,
    string[] Exclude,
    string? RequestId = null,
    int DeadlineMs = 50);

[GenerateSerializer, Immutable, Alias("recsys.RankedItem")]
public sealed record RankedItem(string ItemId, double Score);

[GenerateSerializer, Immutable, Alias("recsys.RankResponse")]
public sealed record RankResponse(
    string RequestId,
    string Model,
    string? Version,
    string Variant,
    bool Fallback,
    string? FallbackReason,
    DateTimeOffset AsOf,
    RankedItem[] Items);

[GenerateSerializer, Immutable, Alias("recsys.VectorsRequest")]
public sealed record VectorsRequest(string UserId, string[] ItemIds, string Model);

[GenerateSerializer, Immutable, Alias("recsys.VectorRow")]
public sealed record VectorRow(string ItemId, float[] Values);

[GenerateSerializer, Immutable, Alias("recsys.VectorsResponse")]
public sealed record VectorsResponse(string Model, string? Version, DateTimeOffset AsOf, string[] FeatureNames, VectorRow[] Rows);

public static class Variants
{
    public const string Stable = "stable";
    public const string Canary = "canary";
    public const string None = "none";
}

public static class FallbackReasons
{
    public const string NoModel = "no_model";
    public const string ModelError = "model_error";
    public const string ModelUnhealthy = "model_unhealthy";
    public const string Deadline = "deadline";
    public const string FeatureError = "feature_error";
}
