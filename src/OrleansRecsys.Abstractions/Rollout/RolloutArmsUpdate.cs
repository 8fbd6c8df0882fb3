namespace OrleansRecsys;

/// <summary>
/// A PUT of the rollout plan with <see cref="Arms"/>: the experiment's arms in bucket order (an empty list ends the
/// experiment). <see cref="Shadow"/> and <see cref="Guardrails"/> keep their values when null, as in <see cref="RolloutUpdate"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutArmsUpdate")]
public sealed record RolloutArmsUpdate(
    [Id(0)] RolloutArm[] Arms,
    [Id(1)] string[]? Shadow,
    [Id(2)] Guardrails? Guardrails,
    [Id(3)] long Revision,
    [Id(4)] string Reason);
