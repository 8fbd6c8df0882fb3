namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.RolloutResult")]
public sealed record RolloutResult(RolloutOutcome Outcome, string? Error, RolloutPlan? Plan);
