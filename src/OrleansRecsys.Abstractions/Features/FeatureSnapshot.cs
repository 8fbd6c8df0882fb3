namespace OrleansRecsys;

/// <summary>Features of one entity as of a time, as the read API returns them.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureSnapshot")]
public sealed record FeatureSnapshot(
    string Id,
    long AsOfMs,
    long? LastEventMs,
    Dictionary<string, double> Numbers,
    Dictionary<string, string> Labels,
    Dictionary<string, Dictionary<string, double>> Keyed,
    Dictionary<string, RecentKey[]> Recent);
