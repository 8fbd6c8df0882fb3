namespace OrleansRecsys.Training.Backfill;

/// <summary>What a backfill read and wrote.</summary>
public sealed record BackfillSummary(long Events, long Rows, long Positives, TimeSpan Elapsed);
