namespace OrleansRecsys.Grains.Rollout;

/// <summary>Pure validation of rollout writes, unit-tested without a cluster.</summary>
internal static class RolloutRules
{
    /// <summary>The longest reason kept in the rollout history; the history is persisted and holds 1,000 changes.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>A reason is required, and bounded so the persisted history stays small.</summary>
    public static string? ValidateReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "reason is required";
        }

        return reason.Length > MaxReasonLength ? $"reason must be at most {MaxReasonLength} characters (got {reason.Length})" : null;
    }

    /// <summary>A canary share in percent: 0..100 with at most two decimals (the bucket resolution).</summary>
    public static string? ValidatePercent(decimal percent)
    {
        if (percent < 0 || percent > 100)
        {
            return "canaryPercent must be between 0 and 100";
        }

        return decimal.Round(percent, 2) != percent ? "canaryPercent allows at most two decimals" : null;
    }

    /// <summary>Guardrail thresholds: rate deltas within 0..1, a scoring-time ratio of at least 1 (or 0: off), a non-negative delta, at least one request per arm.</summary>
    public static string? ValidateGuardrails(Guardrails guardrails)
    {
        if (guardrails.MinRequests < 1)
        {
            return "guardrails.minRequests must be at least 1";
        }

        if (guardrails.MaxErrorRateDelta is < 0 or > 1 || !double.IsFinite(guardrails.MaxErrorRateDelta))
        {
            return "guardrails.maxErrorRateDelta must be within 0..1";
        }

        if (guardrails.MaxFallbackRateDelta is < 0 or > 1 || !double.IsFinite(guardrails.MaxFallbackRateDelta))
        {
            return "guardrails.maxFallbackRateDelta must be within 0..1";
        }

        if (!double.IsFinite(guardrails.MaxScoreTimeRatio) || guardrails.MaxScoreTimeRatio is < 0 or (> 0 and < 1))
        {
            return "guardrails.maxScoreTimeRatio must be 0 (off) or at least 1";
        }

        return guardrails.MaxScoreTimeDeltaUs >= 0 && double.IsFinite(guardrails.MaxScoreTimeDeltaUs)
            ? null : "guardrails.maxScoreTimeDeltaUs must be 0 (off) or a positive number of microseconds";
    }

    /// <summary>Checks the shape of an update against the current plan; version existence is checked separately.</summary>
    public static string? ValidateUpdate(RolloutPlan current, RolloutUpdate update)
    {
        if (ValidateReason(update.Reason) is { } reasonError)
        {
            return reasonError;
        }

        if (ValidatePercent(update.CanaryPercent) is { } percentError)
        {
            return percentError;
        }

        if (update.Canary is null && update.CanaryPercent != 0)
        {
            return "canaryPercent must be 0 when there is no canary";
        }

        if (update.Canary is not null && update.Canary == current.Stable)
        {
            return $"canary '{update.Canary}' is the stable version";
        }

        if (update.Shadow is { } shadow)
        {
            if (shadow.Length > 8)
            {
                return "at most 8 shadow versions";
            }

            foreach (var version in shadow)
            {
                if (string.IsNullOrWhiteSpace(version))
                {
                    return "shadow versions must be non-empty strings";
                }

                if (version == current.Stable || version == update.Canary)
                {
                    return $"shadow version '{version}' is already stable or canary";
                }
            }

            if (shadow.Distinct(StringComparer.Ordinal).Count() != shadow.Length)
            {
                return "shadow versions must be distinct";
            }
        }

        return update.Guardrails is null ? null : ValidateGuardrails(update.Guardrails);
    }
}
