namespace OrleansRecsys;

/// <summary>What one silo served with one model version since its last report (for the model's monitor).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VersionServingDelta")]
public sealed record VersionServingDelta(
    string Version,
    long Requests,
    long Errors,
    long Fallbacks,
    double[] LatenciesMs,
    long Impressions,
    Dictionary<string, long[]> FeatureBins,
    long[]? ScoreBins);
