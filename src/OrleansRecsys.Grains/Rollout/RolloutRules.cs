namespace OrleansRecsys.Grains.Rollout;

/// <summary>Pure validation of rollout writes and decisions, unit-tested without a cluster.</summary>
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

        // A canary-only write to a plan with several arms would have to guess which arms to keep: refused, not guessed.
        if (RolloutArms.Count(current) > 1)
        {
            return $"arms: the plan runs {RolloutArms.Count(current)} arms ({string.Join(", ", RolloutArms.Of(current).Select(a => a.Version))}); "
                + "change them by sending arms, or end them with rollback";
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

        return (update.Shadow is null ? null : ValidateShadow(update.Shadow, current.Stable, update.Canary is null ? [] : [update.Canary]))
            ?? (update.Guardrails is null ? null : ValidateGuardrails(update.Guardrails));
    }

    /// <summary>
    /// Whether a decision (promote, rollback, remove an arm) may act on <paramref name="current"/>: a reason, a plan, the
    /// revision the caller decided on, and, when one is named, an arm of that plan. Null when it may.
    /// </summary>
    public static RolloutResult? RefuseDecision(RolloutPlan? current, string model, long revision, string reason, string? arm = null)
    {
        if (ValidateReason(reason) is { } badReason)
        {
            return new RolloutResult(RolloutOutcome.BadRequest, badReason, current);
        }

        if (current is null)
        {
            return new RolloutResult(RolloutOutcome.NotFound, $"model '{model}' has no rollout plan", null);
        }

        if (revision != current.Revision)
        {
            return new RolloutResult(RolloutOutcome.Conflict, $"stale revision {revision}; the plan is at revision {current.Revision}", current);
        }

        return arm is not null && !RolloutArms.Contains(current, arm)
            ? new RolloutResult(RolloutOutcome.Conflict, $"version '{arm}' is not an arm of revision {revision}", current)
            : null;
    }

    /// <summary>Checks an arms write against the current plan: the arms' shape, none of them the stable version or a shadow.</summary>
    public static string? ValidateArmsUpdate(RolloutPlan current, RolloutArmsUpdate update)
    {
        if (ValidateReason(update.Reason) is { } reasonError)
        {
            return reasonError;
        }

        if (update.Arms is null)
        {
            return "arms is required (an empty list ends the experiment)";
        }

        if (RolloutArms.Validate(update.Arms) is { } bad)
        {
            return bad.Message;
        }

        for (var i = 0; i < update.Arms.Length; i++)
        {
            if (update.Arms[i].Version == current.Stable)
            {
                return $"arms[{i}].version '{update.Arms[i].Version}' is the stable version";
            }
        }

        return (update.Shadow is null ? null : ValidateShadow(update.Shadow, current.Stable, update.Arms.Select(a => a.Version).ToArray()))
            ?? (update.Guardrails is null ? null : ValidateGuardrails(update.Guardrails));
    }

    /// <summary>At most 8 distinct, non-empty shadow versions, none of them the stable version or an arm.</summary>
    private static string? ValidateShadow(string[] shadow, string? stable, string[] arms)
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

            if (version == stable || arms.Contains(version))
            {
                return $"shadow version '{version}' is already stable or an arm";
            }
        }

        return shadow.Distinct(StringComparer.Ordinal).Count() != shadow.Length ? "shadow versions must be distinct" : null;
    }
}
