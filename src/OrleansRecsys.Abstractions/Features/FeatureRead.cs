namespace OrleansRecsys;

/// <summary>A feature read: the entity's values as of a time and, per catalogue feature, its freshness.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureRead")]
public sealed record FeatureRead([Id(0)] FeatureSnapshot Snapshot, [Id(1)] Dictionary<string, FeatureFreshness> Freshness);
