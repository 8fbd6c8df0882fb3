namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The persisted autopilot of one model: a policy set through the API (it wins over the configured one), the run in
/// progress with its current step, finished runs (newest last), when the autopilot began watching (the schedule counts
/// from there until the first run) and when a run last promoted its candidate.
/// </summary>
[GenerateSerializer, Alias("recsys.RetrainingState")]
internal sealed class RetrainingState
{
    [Id(0)] public RetrainingPolicy? Policy { get; set; }
    [Id(1)] public long LastSequence { get; set; }
    [Id(2)] public RetrainingRun? Current { get; set; }
    [Id(3)] public List<RetrainingRun> Finished { get; set; } = [];
    [Id(4)] public DateTimeOffset? WatchingSince { get; set; }
    [Id(5)] public DateTimeOffset? LastSuccessAt { get; set; }

    private RetrainingState Copy() => new()
    {
        Policy = Policy, LastSequence = LastSequence, Current = Current, Finished = Finished, WatchingSince = WatchingSince, LastSuccessAt = LastSuccessAt,
    };

    public RetrainingState WithPolicy(RetrainingPolicy policy)
    {
        var next = Copy();
        next.Policy = policy;
        return next;
    }

    public RetrainingState Watching(DateTimeOffset since)
    {
        var next = Copy();
        next.WatchingSince ??= since;
        return next;
    }

    /// <summary>A copy with <paramref name="run"/> in progress (a new run, or the current one at its next step).</summary>
    public RetrainingState Running(RetrainingRun run)
    {
        var next = Copy();
        next.Current = run;
        next.LastSequence = Math.Max(LastSequence, run.Sequence);
        return next;
    }

    /// <summary>A copy with no run in progress and <paramref name="finished"/> remembered, keeping the newest <paramref name="history"/>.</summary>
    public RetrainingState After(RetrainingRun finished, int history)
    {
        var next = Copy();
        next.Current = null;
        next.Finished = Finished.Skip(Math.Max(0, Finished.Count - (history - 1))).Append(finished).ToList();
        next.LastSuccessAt = finished.Outcome == RetrainingOutcomes.Promoted ? finished.FinishedAt : LastSuccessAt;
        return next;
    }

    /// <summary>The status the API and the model report show.</summary>
    public RetrainingStatus Status(bool enabled)
    {
        var last = Finished.Count > 0 ? Finished[^1] : null;
        var failure = Finished.LastOrDefault(r => r.Outcome == RetrainingOutcomes.Failed);
        var failureStillNews = failure is not null && (LastSuccessAt is null || failure.FinishedAt > LastSuccessAt);
        return new RetrainingStatus(enabled, Current, last, LastSuccessAt, failureStillNews ? failure : null);
    }
}
