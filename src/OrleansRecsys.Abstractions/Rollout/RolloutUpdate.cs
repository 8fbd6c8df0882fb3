namespace OrleansRecsys;

/// <summary>A PUT of the rollout plan. <see cref="Shadow"/> and <see cref="Guardrails"/> keep their values when null.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutUpdate")]
public sealed record RolloutUpdate([Id(0)] string? Canary, [Id(1)] decimal CanaryPercent, [Id(2)] string[]? Shadow, [Id(3)] Guardrails? Guardrails, [Id(4)] long Revision, [Id(5)] string Reason);
