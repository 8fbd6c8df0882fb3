namespace OrleansRecsys;

/// <summary>The verdicts of <see cref="GuardrailReport.Verdict"/>.</summary>
public static class GuardrailVerdicts
{
    /// <summary>An arm has fewer comparable requests than the minimum: nothing is judged yet.</summary>
    public const string InsufficientSample = "insufficient_sample";

    /// <summary>Every measure with its minimum sample is within its threshold.</summary>
    public const string WithinBounds = "within_bounds";

    /// <summary>A measure is past its threshold: the coordinator rolls the canary back.</summary>
    public const string Breach = "breach";
}
