namespace OrleansRecsys;

/// <summary>The rollout plan of one model: the stable version, an optional canary with its share of users, and shadow versions.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutPlan")]
public sealed record RolloutPlan(
    string Model,
    string? Stable,
    string? Canary,
    decimal CanaryPercent,
    string[] Shadow,
    string Salt,
    Guardrails Guardrails,
    long Revision);
