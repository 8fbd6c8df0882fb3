namespace OrleansRecsys;

/// <summary>
/// One arm of a model's experiment against the stable version, in the model report. <see cref="Ctr"/> is the arm's
/// attributed click-through rate with its 95 % Wilson interval; <see cref="Difference"/> is arm minus stable CTR with
/// its 95 % interval, unadjusted (null while either side has no impressions). <see cref="PValue"/> is the two-sided
/// p-value of that difference (z-test with the same standard error as the interval), and <see cref="AdjustedPValue"/> the
/// same after the Holm–Bonferroni correction over the family of every arm of the plan compared with the stable; the
/// <see cref="Verdict"/> (<see cref="ArmVerdicts"/>) is significant only when the adjusted value is at most 0.05, so the
/// chance that any arm is called better or worse while none differs stays at most 5 %. <see cref="Guardrails"/> is the
/// coordinator's current judgement of the arm (null before the coordinator has heard of it).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ArmComparison")]
public sealed record ArmComparison(
    [Id(0)] string Version,
    [Id(1)] int Weight,
    [Id(2)] long Impressions,
    [Id(3)] long Clicks,
    [Id(4)] Interval Ctr,
    [Id(5)] Interval? Difference,
    [Id(6)] double PValue,
    [Id(7)] double AdjustedPValue,
    [Id(8)] string Verdict,
    [Id(9)] GuardrailReport? Guardrails);
