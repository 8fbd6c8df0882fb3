namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.VariantReport")]
public sealed record VariantReport(
    string Variant,
    string Version,
    long Requests,
    double P50Ms,
    double P99Ms,
    double ErrorRate,
    double FallbackRate,
    long Impressions,
    long Clicks,
    long Purchases,
    Interval Ctr,
    FeatureDrift[] Drift,
    double? ScorePsi,
    double? ScoreKs);
