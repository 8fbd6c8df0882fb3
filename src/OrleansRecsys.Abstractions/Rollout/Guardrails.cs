namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.Guardrails")]
public sealed record Guardrails(
    [Id(0)] int MinRequests = 100,
    [Id(1)] double MaxErrorRate = 0.05,
    [Id(2)] double MaxP99Ms = 50,
    [Id(3)] double MaxFallbackRateDelta = 0.05);
