namespace OrleansRecsys;

/// <summary>A PUT of the rollout plan. <see cref="Shadow"/> and <see cref="Guardrails"/> keep their values when null.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutUpdate")]
public sealed record RolloutUpdate(string? Canary, decimal CanaryPercent, string[]? Shadow, Guardrails? Guardrails, long Revision, string Reason);
