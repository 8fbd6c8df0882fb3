namespace OrleansRecsys;

/// <summary>
/// The rollout plan of one model: the stable version, the experiment's arms, and shadow versions. A single canary is
/// arm 0: <see cref="Canary"/> and <see cref="CanaryPercent"/> always describe it, and <see cref="Arms"/> is null for a
/// plan written with them alone. When <see cref="Arms"/> is set, <see cref="Canary"/> is <c>Arms[0].Version</c> and
/// <see cref="CanaryPercent"/> its weight / 100, so readers that know only the canary still see arm 0
/// (<see cref="RolloutArms"/> has the routing formula).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutPlan")]
public sealed record RolloutPlan(
    [Id(0)] string Model,
    [Id(1)] string? Stable,
    [Id(2)] string? Canary,
    [Id(3)] decimal CanaryPercent,
    [Id(4)] string[] Shadow,
    [Id(5)] string Salt,
    [Id(6)] Guardrails Guardrails,
    [Id(7)] long Revision,
    [Id(8)] RolloutArm[]? Arms = null);
