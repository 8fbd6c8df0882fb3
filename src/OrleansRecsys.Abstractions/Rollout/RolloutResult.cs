namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RolloutResult")]
public sealed record RolloutResult([Id(0)] RolloutOutcome Outcome, [Id(1)] string? Error, [Id(2)] RolloutPlan? Plan);
