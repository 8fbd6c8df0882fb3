namespace OrleansRecsys.Grains.Retraining;

/// <summary>One model's policy as configuration binds it (<c>Recsys:Retraining:Models:{name}</c>); the defaults are
/// <see cref="RetrainingPolicy"/>'s, and the limits <see cref="RetrainingPolicyRules"/>'.</summary>
public sealed class RetrainingPolicyOptions
{
    private static readonly RetrainingPolicy Defaults = new();

    public bool Enabled { get; set; } = Defaults.Enabled;
    public int ScheduleSeconds { get; set; } = Defaults.ScheduleSeconds;
    public double DriftPsi { get; set; } = Defaults.DriftPsi;
    public int DriftSeconds { get; set; } = Defaults.DriftSeconds;
    public double PerformanceDrop { get; set; } = Defaults.PerformanceDrop;
    public int PerformanceWindowSeconds { get; set; } = Defaults.PerformanceWindowSeconds;
    public int PerformanceRecentSeconds { get; set; } = Defaults.PerformanceRecentSeconds;
    public long MinImpressions { get; set; } = Defaults.MinImpressions;
    public int TrainingWindowSeconds { get; set; } = Defaults.TrainingWindowSeconds;
    public int HoldoutSeconds { get; set; } = Defaults.HoldoutSeconds;
    public int MinHoldoutCases { get; set; } = Defaults.MinHoldoutCases;
    public double GateMargin { get; set; } = Defaults.GateMargin;
    public decimal CanaryPercent { get; set; } = Defaults.CanaryPercent;
    public int SoakSeconds { get; set; } = Defaults.SoakSeconds;
    public double HarmMargin { get; set; } = Defaults.HarmMargin;
    public int CooldownSeconds { get; set; } = Defaults.CooldownSeconds;

    public RetrainingPolicy ToPolicy() => new(Enabled, ScheduleSeconds, DriftPsi, DriftSeconds, PerformanceDrop, PerformanceWindowSeconds,
        PerformanceRecentSeconds, MinImpressions, TrainingWindowSeconds, HoldoutSeconds, MinHoldoutCases, GateMargin, CanaryPercent, SoakSeconds,
        HarmMargin, CooldownSeconds);
}
