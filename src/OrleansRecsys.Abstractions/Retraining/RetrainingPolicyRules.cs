namespace OrleansRecsys;

/// <summary>
/// The limits of every <see cref="RetrainingPolicy"/> field, one place for the configuration (which names the key) and
/// the API (which names the JSON field). Fields are named as the JSON API spells them.
/// </summary>
public static class RetrainingPolicyRules
{
    private const int Week = 7 * 24 * 3600;
    private const int Quarter = 90 * 24 * 3600;

    /// <summary>The first field out of its range, or null when the policy is valid.</summary>
    public static RuleViolation? Validate(RetrainingPolicy policy) =>
        Seconds(policy.ScheduleSeconds, "scheduleSeconds", 0, Quarter)
        ?? Between(policy.DriftPsi, "driftPsi", 0, 10)
        ?? Seconds(policy.DriftSeconds, "driftSeconds", 0, Week)
        ?? Between(policy.PerformanceDrop, "performanceDrop", 0, 1)
        ?? Seconds(policy.PerformanceWindowSeconds, "performanceWindowSeconds", 1, Quarter)
        ?? Seconds(policy.PerformanceRecentSeconds, "performanceRecentSeconds", 1, Quarter)
        ?? Recent(policy)
        ?? Between(policy.MinImpressions, "minImpressions", 1, 1_000_000_000)
        ?? Seconds(policy.TrainingWindowSeconds, "trainingWindowSeconds", 1, Quarter)
        ?? Seconds(policy.HoldoutSeconds, "holdoutSeconds", 1, Quarter)
        ?? Between(policy.MinHoldoutCases, "minHoldoutCases", 1, 10_000_000)
        ?? Between(policy.GateMargin, "gateMargin", 0, 1)
        ?? Percent(policy.CanaryPercent)
        ?? Seconds(policy.SoakSeconds, "soakSeconds", 1, Quarter)
        ?? Between(policy.HarmMargin, "harmMargin", 0, 1)
        ?? Seconds(policy.CooldownSeconds, "cooldownSeconds", 0, Quarter);

    private static RuleViolation? Recent(RetrainingPolicy policy) =>
        policy.PerformanceRecentSeconds < policy.PerformanceWindowSeconds ? null
            : new RuleViolation("performanceRecentSeconds", "performanceRecentSeconds must be shorter than performanceWindowSeconds (the recent part is compared with the rest of the window)");

    private static RuleViolation? Percent(decimal percent) =>
        percent > 0 && percent <= 50 && decimal.Round(percent, 2) == percent ? null
            : new RuleViolation("canaryPercent", "canaryPercent must be above 0 and at most 50, with at most two decimals");

    private static RuleViolation? Seconds(int value, string field, int min, int max) => Between(value, field, min, max);

    private static RuleViolation? Between(double value, string field, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max ? null
            : new RuleViolation(field, FormattableString.Invariant($"{field} must be between {min} and {max}"));
}
