namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// What one look at the triggers sees: the time, since when the schedule counts (the last run's start, or when the
/// autopilot began watching), when the last run ended (for the cool-down), and the stable version's row of the report.
/// </summary>
internal sealed record TriggerInputs(DateTimeOffset Now, DateTimeOffset ScheduleFrom, DateTimeOffset? LastRunEndedAt, VariantReport? Stable);
