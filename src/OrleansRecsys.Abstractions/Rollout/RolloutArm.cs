namespace OrleansRecsys;

/// <summary>
/// One arm of a multi-arm experiment: a version and its share of users in basis points (0..10,000; 100 = 1 %). Arms
/// own consecutive ranges of the rollout bucket in the order the plan lists them (<see cref="RolloutArms"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.RolloutArm")]
public sealed record RolloutArm([Id(0)] string Version, [Id(1)] int Weight);
