namespace OrleansRecsys;

/// <summary>What started a retraining run (<see cref="RetrainingRun.Trigger"/>).</summary>
public static class RetrainingTriggers
{
    /// <summary><see cref="RetrainingPolicy.ScheduleSeconds"/> passed since the last run started.</summary>
    public const string Schedule = "schedule";

    /// <summary>An input's or the score's PSI stayed at or above the threshold for the configured time.</summary>
    public const string Drift = "drift";

    /// <summary>The stable version's recent attributed CTR fell against its trailing window.</summary>
    public const string Performance = "performance";

    /// <summary>Someone asked for a run (API or recsysctl).</summary>
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> All = [Schedule, Drift, Performance, Manual];
}
