namespace OrleansRecsys;

/// <summary>The answer to a policy change or a manual trigger: <see cref="RolloutOutcome.Ok"/> with the view (and the run
/// started), or the refusal with its reason and, for a bad policy, the field.</summary>
[GenerateSerializer, Immutable, Alias("recsys.RetrainingResult")]
public sealed record RetrainingResult(
    [Id(0)] RolloutOutcome Outcome,
    [Id(1)] string? Error,
    [Id(2)] string? Field,
    [Id(3)] RetrainingView? View,
    [Id(4)] RetrainingRun? Run);
