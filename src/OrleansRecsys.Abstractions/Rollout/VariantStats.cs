namespace OrleansRecsys;

/// <summary>Per-variant request outcomes a silo reports to the coordinator (guardrails).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VariantStats")]
public sealed record VariantStats([Id(0)] string Version, [Id(1)] long Requests, [Id(2)] long Errors, [Id(3)] long Fallbacks, [Id(4)] double[] LatenciesMs);
