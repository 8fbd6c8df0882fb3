namespace OrleansRecsys.Api;

/// <summary>
/// The JSON body of <c>PUT /v1/models/{name}/retraining</c>: the whole policy (a field left out takes its default, as in
/// docs/api.md) and why it changes, kept in the rollout history.
/// </summary>
public sealed record RetrainingBody(
    string? Reason,
    bool? Enabled = null,
    int? ScheduleSeconds = null,
    double? DriftPsi = null,
    int? DriftSeconds = null,
    double? PerformanceDrop = null,
    int? PerformanceWindowSeconds = null,
    int? PerformanceRecentSeconds = null,
    long? MinImpressions = null,
    int? TrainingWindowSeconds = null,
    int? HoldoutSeconds = null,
    int? MinHoldoutCases = null,
    double? GateMargin = null,
    decimal? CanaryPercent = null,
    int? SoakSeconds = null,
    double? HarmMargin = null,
    int? CooldownSeconds = null)
{
    private static readonly RetrainingPolicy Defaults = new();

    public RetrainingPolicy ToPolicy() => new(
        Enabled ?? Defaults.Enabled,
        ScheduleSeconds ?? Defaults.ScheduleSeconds,
        DriftPsi ?? Defaults.DriftPsi,
        DriftSeconds ?? Defaults.DriftSeconds,
        PerformanceDrop ?? Defaults.PerformanceDrop,
        PerformanceWindowSeconds ?? Defaults.PerformanceWindowSeconds,
        PerformanceRecentSeconds ?? Defaults.PerformanceRecentSeconds,
        MinImpressions ?? Defaults.MinImpressions,
        TrainingWindowSeconds ?? Defaults.TrainingWindowSeconds,
        HoldoutSeconds ?? Defaults.HoldoutSeconds,
        MinHoldoutCases ?? Defaults.MinHoldoutCases,
        GateMargin ?? Defaults.GateMargin,
        CanaryPercent ?? Defaults.CanaryPercent,
        SoakSeconds ?? Defaults.SoakSeconds,
        HarmMargin ?? Defaults.HarmMargin,
        CooldownSeconds ?? Defaults.CooldownSeconds);
}
