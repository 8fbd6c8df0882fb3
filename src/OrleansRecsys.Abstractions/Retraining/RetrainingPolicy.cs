namespace OrleansRecsys;

/// <summary>
/// When and how the autopilot retrains one model (docs/design.md, "Retraining"). Triggers: a schedule, drift of the
/// stable version's inputs or score, a drop of its attributed CTR, or a person. Pipeline: train on recent history,
/// gate offline against the stable, register, canary at <see cref="CanaryPercent"/>, and after <see cref="SoakSeconds"/>
/// promote when the CTR difference's 95 % interval rules out a drop beyond <see cref="HarmMargin"/>, else roll back.
/// A value of 0 turns a trigger off. Durations are in seconds.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.RetrainingPolicy")]
public sealed record RetrainingPolicy(
    [Id(0)] bool Enabled = true,
    [Id(1)] int ScheduleSeconds = 0,
    [Id(2)] double DriftPsi = 0.25,
    [Id(3)] int DriftSeconds = 600,
    [Id(4)] double PerformanceDrop = 0,
    [Id(5)] int PerformanceWindowSeconds = 6 * 3600,
    [Id(6)] int PerformanceRecentSeconds = 1800,
    [Id(7)] long MinImpressions = 2000,
    [Id(8)] int TrainingWindowSeconds = 24 * 3600,
    [Id(9)] int HoldoutSeconds = 3600,
    [Id(10)] int MinHoldoutCases = 100,
    [Id(11)] double GateMargin = 0.01,
    [Id(12)] decimal CanaryPercent = 10,
    [Id(13)] int SoakSeconds = 3600,
    [Id(14)] double HarmMargin = 0.01,
    [Id(15)] int CooldownSeconds = 3600);
