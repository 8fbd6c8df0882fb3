namespace OrleansRecsys.Api;

/// <summary>All catalogue features of a user or an item: numbers, labels, keyed maps and recent lists, by feature name, and
/// per feature its freshness (status <c>present</c>, <c>expired</c> or <c>missing</c>, and age in seconds).</summary>
public sealed record FeaturesResponse(string Id, DateTimeOffset AsOf, Dictionary<string, object> Features, DateTimeOffset? LastEventTs,
    Dictionary<string, FeatureFreshness> Freshness);
