namespace OrleansRecsys;

/// <summary>
/// The guardrails' current judgement of a canary: the verdict (<see cref="GuardrailVerdicts"/>) and why, both arms'
/// samples, and the measures (canary minus stable for the rates; canary over, and minus, stable for the scoring time per
/// row; null while that measure lacks its minimum sample).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.GuardrailReport")]
public sealed record GuardrailReport(
    [Id(0)] string Verdict,
    [Id(1)] string Reason,
    [Id(2)] GuardrailArm Canary,
    [Id(3)] GuardrailArm Stable,
    [Id(4)] double? ErrorRateDelta,
    [Id(5)] double? FallbackRateDelta,
    [Id(6)] double? ScoreTimeRatio,
    [Id(7)] double? ScoreTimeDeltaUs,
    [Id(8)] Guardrails Thresholds,
    [Id(9)] int WindowSeconds);
