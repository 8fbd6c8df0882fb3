namespace OrleansRecsys;

/// <summary>What one silo served with one model version since its last report (for the model's monitor). <see cref="VectorRows"/>
/// counts the input rows built; <see cref="FeatureFallbacks"/> holds, per model input, how many of its values were served as the
/// fallback because they were [expired, missing], and <see cref="DataQuality"/> how many were [not finite (and replaced), outside the
/// training data's range]; each holds only inputs with a count, and is null when none has one.
/// <see cref="CircuitOpen"/>: requests the version's open circuit breaker answered with the baseline (also in <see cref="Fallbacks"/>).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VersionServingDelta")]
public sealed record VersionServingDelta(
    [Id(0)] string Version,
    [Id(1)] long Requests,
    [Id(2)] long Errors,
    [Id(3)] long Fallbacks,
    [Id(4)] double[] LatenciesMs,
    [Id(5)] long Impressions,
    [Id(6)] Dictionary<string, long[]> FeatureBins,
    [Id(7)] long[]? ScoreBins,
    [Id(8)] long CircuitOpen = 0,
    [Id(10)] long VectorRows = 0,
    [Id(11)] Dictionary<string, long[]>? FeatureFallbacks = null,
    [Id(12)] Dictionary<string, long[]>? DataQuality = null);
