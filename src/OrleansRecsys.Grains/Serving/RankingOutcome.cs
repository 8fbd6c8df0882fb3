using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Serving;

/// <summary>How one rank request was routed (variant and version; none for an unknown model) and scored, and what it tells the guardrails.</summary>
internal sealed record RankingOutcome(string RequestId, string Variant, string? Version, ScoringResult Scoring, GuardrailSample? Guardrail = null)
{
    /// <summary>The fallback reason the response carries: the scorer's, or model_error when scores are missing without one.</summary>
    public string? FallbackReason => Scoring.Scores is null ? Scoring.FallbackReason ?? FallbackReasons.ModelError : null;

    /// <summary>Whether the model itself failed (what guardrails count as errors), as opposed to a deadline or feature read.</summary>
    public bool IsModelError => IsModelFailure(Scoring);

    /// <summary>Whether <paramref name="scoring"/> failed because of the model (see <see cref="IsModelError"/>).</summary>
    public static bool IsModelFailure(ScoringResult scoring) => scoring.FallbackReason is FallbackReasons.ModelError or FallbackReasons.ModelUnhealthy;
}
