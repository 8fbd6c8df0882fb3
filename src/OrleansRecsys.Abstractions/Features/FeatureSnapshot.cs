namespace OrleansRecsys;

/// <summary>Features of one entity as of a time, as the read API returns them.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureSnapshot")]
public sealed record FeatureSnapshot(
    [Id(0)] string Id,
    [Id(1)] long AsOfMs,
    [Id(2)] long? LastEventMs,
    [Id(3)] Dictionary<string, double> Numbers,
    [Id(4)] Dictionary<string, string> Labels,
    [Id(5)] Dictionary<string, Dictionary<string, double>> Keyed,
    [Id(6)] Dictionary<string, RecentKey[]> Recent);
