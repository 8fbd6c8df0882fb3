namespace OrleansRecsys;

/// <summary>One version's results in a model's report. <see cref="CircuitOpenRate"/>: the share of its requests its open
/// circuit breaker answered with the baseline (<c>circuit_open</c>, part of <see cref="FallbackRate"/>).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VariantReport")]
public sealed record VariantReport(
    [Id(0)] string Variant,
    [Id(1)] string Version,
    [Id(2)] long Requests,
    [Id(3)] double P50Ms,
    [Id(4)] double P99Ms,
    [Id(5)] double ErrorRate,
    [Id(6)] double FallbackRate,
    [Id(7)] long Impressions,
    [Id(8)] long Clicks,
    [Id(9)] long Purchases,
    [Id(10)] Interval Ctr,
    [Id(11)] FeatureDrift[] Drift,
    [Id(12)] double? ScorePsi,
    [Id(13)] double? ScoreKs,
    [Id(14)] double CircuitOpenRate = 0,
    [Id(15)] FeatureFreshnessShare[]? Freshness = null,
    [Id(16)] long VectorRows = 0);
