namespace OrleansRecsys;

/// <summary>Of the values one model input was served since the report began, the shares that were expired and missing (and
/// therefore read as the feature's fallback value).</summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureFreshnessShare")]
public sealed record FeatureFreshnessShare([Id(0)] string Feature, [Id(1)] double ExpiredShare, [Id(2)] double MissingShare);
