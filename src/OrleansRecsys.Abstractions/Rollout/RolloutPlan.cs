namespace OrleansRecsys;

/// <summary>The rollout plan of one model: the stable version, an optional canary with its share of users, and shadow versions.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutPlan")]
public sealed record RolloutPlan(
    [Id(0)] string Model,
    [Id(1)] string? Stable,
    [Id(2)] string? Canary,
    [Id(3)] decimal CanaryPercent,
    [Id(4)] string[] Shadow,
    [Id(5)] string Salt,
    [Id(6)] Guardrails Guardrails,
    [Id(7)] long Revision);
