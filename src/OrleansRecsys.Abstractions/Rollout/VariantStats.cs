namespace OrleansRecsys;

/// <summary>Per-variant request outcomes a silo reports to the coordinator (guardrails).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VariantStats")]
public sealed record VariantStats(string Version, long Requests, long Errors, long Fallbacks, double[] LatenciesMs);
