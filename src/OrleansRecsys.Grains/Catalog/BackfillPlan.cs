namespace OrleansRecsys.Grains.Catalog;

/// <summary>A checked backfill request: the version, its features and the log ranges, or why it cannot start.</summary>
internal sealed record BackfillPlan(BackfillStartOutcome Outcome, string? Error, int Version = 0, string[]? FeatureNames = null, LogRange[]? LogRanges = null)
{
    public string[] Features => FeatureNames ?? [];

    public LogRange[] Ranges => LogRanges ?? [];

    public static BackfillPlan Refused(BackfillStartOutcome outcome, string error) => new(outcome, error);
}
