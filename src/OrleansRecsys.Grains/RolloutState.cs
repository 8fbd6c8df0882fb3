namespace OrleansRecsys.Grains;

[GenerateSerializer, Alias("recsys.RolloutState")]
public sealed class RolloutState
{
    [Id(0)] public RolloutPlan? Plan { get; set; }
    [Id(1)] public List<RolloutChange> History { get; set; } = [];
}

/// <summary>Pure validation of rollout writes (DESIGN.md §4, issue 5): unit-tested without a cluster.</summary>
public static class RolloutRules
{
    public static string? ValidatePercent(decimal percent)
    {
        if (percent < 0 || percent > 100)
        {
            return "canaryPercent must be between 0 and 100";
        }

        return decimal.Round(percent, 2) != percent ? "canaryPercent allows at most two decimals" : null;
    }

    public static string? ValidateGuardrails(Guardrails g)
    {
        if (g.MinRequests < 1)
        {
            return "guardrails.minRequests must be at least 1";
        }

        if (g.MaxErrorRate is < 0 or > 1 || !double.IsFinite(g.MaxErrorRate))
        {
            return "guardrails.maxErrorRate must be within 0..1";
        }

        if (g.MaxFallbackRateDelta is < 0 or > 1 || !double.IsFinite(g.MaxFallbackRateDelta))
        {
            return "guardrails.maxFallbackRateDelta must be within 0..1";
        }

        return g.MaxP99Ms > 0 && double.IsFinite(g.MaxP99Ms) ? null : "guardrails.maxP99Ms must be a positive number";
    }

    /// <summary>Checks the shape of an update against the current plan; version existence is checked separately.</summary>
    public static string? ValidateUpdate(RolloutPlan current, RolloutUpdate u)
    {
        if (string.IsNullOrWhiteSpace(u.Reason))
        {
            return "reason is required";
        }

        if (ValidatePercent(u.CanaryPercent) is { } p)
        {
            return p;
        }

        if (u.Canary is null && u.CanaryPercent != 0)
        {
            return "canaryPercent must be 0 when there is no canary";
        }

        if (u.Canary is not null && u.Canary == current.Stable)
        {
            return $"canary '{u.Canary}' is the stable version";
        }

        if (u.Shadow is { } shadow)
        {
            if (shadow.Length > 8)
            {
                return "at most 8 shadow versions";
            }

            foreach (var s in shadow)
            {
                if (string.IsNullOrWhiteSpace(s))
                {
                    return "shadow versions must be non-empty strings";
                }

                if (s == current.Stable || s == u.Canary)
                {
                    return $"shadow version '{s}' is already stable or canary";
                }
            }

            if (shadow.Distinct(StringComparer.Ordinal).Count() != shadow.Length)
            {
                return "shadow versions must be distinct";
            }
        }

        return u.Guardrails is null ? null : ValidateGuardrails(u.Guardrails);
    }

    /// <summary>The p-quantile (0..1) of a sample by nearest rank.</summary>
    public static double Quantile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(p * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }
}
