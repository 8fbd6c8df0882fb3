namespace OrleansRecsys.Grains.Batch;

/// <summary>The persisted batch runs of one model: the run in progress, if any, and finished runs (newest last).</summary>
[GenerateSerializer, Alias("recsys.BatchCoordinatorState")]
internal sealed class BatchCoordinatorState
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public BatchRun? Current { get; set; }
    [Id(2)] public List<BatchRunStatus> Finished { get; set; } = [];

    /// <summary>The period of the schedule reminder this coordinator registered; zero when it has none.</summary>
    [Id(3)] public TimeSpan ScheduledEvery { get; set; }

    /// <summary>A copy with <paramref name="current"/> in progress.</summary>
    public BatchCoordinatorState Running(BatchRun current) =>
        new() { LastSequence = Math.Max(LastSequence, current.Sequence), Current = current, Finished = Finished, ScheduledEvery = ScheduledEvery };

    /// <summary>A copy with no run in progress and <paramref name="finished"/> remembered, keeping the newest <paramref name="history"/>.</summary>
    public BatchCoordinatorState After(BatchRunStatus finished, int history)
    {
        var kept = Finished.Skip(Math.Max(0, Finished.Count - (history - 1))).ToList();
        kept.Add(finished);
        return new BatchCoordinatorState { LastSequence = LastSequence, Current = null, Finished = kept, ScheduledEvery = ScheduledEvery };
    }

    /// <summary>A copy that records a schedule reminder of period <paramref name="every"/> (zero: none).</summary>
    public BatchCoordinatorState Scheduled(TimeSpan every) =>
        new() { LastSequence = LastSequence, Current = Current, Finished = Finished, ScheduledEvery = every };
}
