namespace OrleansRecsys;

/// <summary>
/// What one silo served with one version since its last report, for the coordinator's guardrails: the judged requests
/// per request-size class, and how many were not judged because the version's session had just loaded in that silo.
/// </summary>
/// <remarks>Ids 1..4 carried whole-request totals and latencies; they are not reused.</remarks>
[GenerateSerializer, Immutable, Alias("recsys.VariantStats")]
public sealed record VariantStats([Id(0)] string Version, [Id(5)] SizeClassStats[] Classes, [Id(6)] long WarmUp);
