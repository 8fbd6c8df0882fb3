namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.Guardrails")]
public sealed record Guardrails(
    int MinRequests = 100,
    double MaxErrorRate = 0.05,
    double MaxP99Ms = 50,
    double MaxFallbackRateDelta = 0.05);
