namespace OrleansRecsys;

/// <summary>The rollout plan of one model (DESIGN.md §4).</summary>
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
