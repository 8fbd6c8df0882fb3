namespace OrleansRecsys.Api;

/// <summary>All catalogue features of a user or an item: numbers, labels, keyed maps and recent lists, by feature name.</summary>
public sealed record FeaturesResponse(string Id, DateTimeOffset AsOf, Dictionary<string, object> Features, DateTimeOffset? LastEventTs);
