namespace OrleansRecsys;

/// <summary>Per-variant results of one model (GET /v1/models/{name}/report).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ModelReport")]
public sealed record ModelReport(string Model, DateTimeOffset Since, VariantReport[] Variants, Interval? CtrDifference, string[] DriftingFeatures);
