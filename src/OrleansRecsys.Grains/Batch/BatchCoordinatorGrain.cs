using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// The batch runs of one model (key: model name). A run is one work item per activity shard, at most
/// <see cref="BatchOptions.ShardsInFlight"/> at a time, each finished item persisted before it counts. While a run is in
/// progress a reminder (durable with PostgreSQL) wakes the coordinator every <see cref="BatchOptions.ResumeCheckSeconds"/>:
/// after a silo restart the new activation resumes from the persisted items, and items whose worker died are re-sent.
/// A configured schedule (<see cref="BatchScheduleOptions"/>) is a second, durable reminder that starts a run on each tick
/// unless one is in progress.
/// </summary>
internal sealed class BatchCoordinatorGrain(
    [PersistentState(StateNames.BatchRuns, StorageNames.Recsys)] IPersistentState<BatchCoordinatorState> state,
    RolloutPlanCache plans,
    IOptions<BatchOptions> options,
    IOptions<BatchScheduleOptions> schedule,
    RecsysMetrics metrics,
    ILogger<BatchCoordinatorGrain> logger) : Grain, IBatchProgressGrain, IRemindable
{
    public const string ResumeReminder = "batch-resume";
    public const string ScheduleReminder = "batch-schedule";

    /// <summary>Who a scheduled run names as its starter.</summary>
    public const string ScheduledBy = "system:schedule";

    private readonly CommittedState<BatchCoordinatorState> _state = new(state);

    /// <summary>Items sent in this activation and not yet reported; a new activation starts empty and re-sends.</summary>
    private readonly HashSet<int> _inFlight = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.Value.Finished.LastOrDefault(run => run.State == BatchRunState.Completed) is { FinishedAt: { } finishedAt } last)
        {
            metrics.BatchRunCompleted(last.Model, last.StartedAt, finishedAt, last.UsersDone);
        }

        if (_state.Value.Current is not null)
        {
            await DispatchAsync();
        }
    }

    public async Task<BatchStartResult> StartAsync(BatchRunRequest request)
    {
        if (_state.Value.Current is { } running)
        {
            return new BatchStartResult(BatchStartOutcome.AlreadyRunning, $"run {running.RunId} is in progress; one run at a time",
                running.Status(BatchRunState.Running));
        }

        var model = this.GetPrimaryKeyString();
        var lookup = await plans.LookupAsync(model);
        if (!lookup.Registered)
        {
            throw new UnknownModelException(model);
        }

        if (lookup.Plan?.Stable is not { } stable)
        {
            return new BatchStartResult(BatchStartOutcome.NoStableVersion, $"model '{model}' has no stable version to precompute with", null);
        }

        var run = BatchRun.Start(_state.Value.LastSequence + 1, model, stable, request, DateTimeOffset.UtcNow);
        await _state.CommitAsync(_state.Value.Running(run));
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumeEvery, ResumeEvery);
        logger.LogInformation("Batch run {Run} started by {Who}: {Model}@{Version}, k {K}, segment {Segment}", run.RunId, run.Who, model, stable, run.K, run.Segment);
        await DispatchAsync();
        return new BatchStartResult(BatchStartOutcome.Started, null, run.Status(BatchRunState.Running));
    }

    public ValueTask<BatchRunStatus?> GetRunAsync(long sequence) =>
        ValueTask.FromResult(_state.Value.Current is { } run && run.Sequence == sequence ? run.Status(BatchRunState.Running) : Latest(sequence));

    public ValueTask<BatchRunStatus[]> ListRunsAsync()
    {
        var runs = Enumerable.Reverse(_state.Value.Finished);
        if (_state.Value.Current is { } current)
        {
            runs = runs.Prepend(current.Status(BatchRunState.Running));
        }

        return ValueTask.FromResult(runs.ToArray());
    }

    public async Task ShardDoneAsync(BatchShardResult result)
    {
        _inFlight.Remove(result.Shard);
        if (_state.Value.Current?.With(result) is not { } next)
        {
            return; // another run's report, or an item already counted
        }

        if (!next.IsComplete)
        {
            await _state.CommitAsync(_state.Value.Running(next));
            await DispatchAsync();
            return;
        }

        var finished = next.Status(BatchRunState.Completed, DateTimeOffset.UtcNow);
        await _state.CommitAsync(_state.Value.After(finished, options.Value.History));
        await StopRemindingAsync();
        var model = new KeyValuePair<string, object?>("model", finished.Model);
        metrics.BatchRunDuration.Record((finished.FinishedAt!.Value - finished.StartedAt).TotalSeconds, model);
        metrics.BatchRunCompleted(finished.Model, finished.StartedAt, finished.FinishedAt.Value, finished.UsersDone);
        logger.LogInformation("Batch run {Run} completed: {Users} users, {Failed} failed", finished.RunId, finished.UsersDone, finished.UsersFailed);
    }

    public async Task EnsureScheduleAsync()
    {
        var every = schedule.Value.IntervalFor(this.GetPrimaryKeyString());
        var reminder = await this.GetReminder(ScheduleReminder);
        if (every == _state.Value.ScheduledEvery && (reminder is not null) == (every > TimeSpan.Zero))
        {
            return; // as configured: re-registering would move the next tick and postpone runs at every restart
        }

        if (every > TimeSpan.Zero)
        {
            await this.RegisterOrUpdateReminder(ScheduleReminder, every, every);
            logger.LogInformation("Batch runs of {Model} scheduled every {Every}", this.GetPrimaryKeyString(), every);
        }
        else if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        await _state.CommitAsync(_state.Value.Scheduled(every));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ScheduleReminder)
        {
            await ScheduledTickAsync();
            return;
        }

        if (_state.Value.Current is null)
        {
            await StopRemindingAsync();
            return;
        }

        // Items sent earlier are sent again: a live worker ignores it, a worker whose silo died starts over on another.
        await SendAsync(_inFlight.ToList());
        await DispatchAsync();
    }

    /// <summary>Sends unfinished items until <see cref="BatchOptions.ShardsInFlight"/> are in flight.</summary>
    private async Task DispatchAsync()
    {
        if (_state.Value.Current is not { } run)
        {
            return;
        }

        var next = run.NextShards(_inFlight, options.Value.ShardsInFlight);
        _inFlight.UnionWith(next);
        await SendAsync(next);
    }

    private async Task SendAsync(List<int> shards)
    {
        if (_state.Value.Current is not { } run)
        {
            return;
        }

        foreach (var shard in shards)
        {
            var work = run.WorkFor(shard);
            try
            {
                await GrainFactory.GetGrain<IBatchShardWorkerGrain>(work.WorkerKey).StartAsync(work);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Batch run {Run}: sending shard {Shard} failed; the reminder sends it again", run.RunId, shard);
            }
        }
    }

    /// <summary>Starts the scheduled run, unless one is in progress; a schedule no longer configured is removed.</summary>
    private async Task ScheduledTickAsync()
    {
        var configured = schedule.Value;
        if (configured.IntervalFor(this.GetPrimaryKeyString()) == TimeSpan.Zero)
        {
            await EnsureScheduleAsync();
            return;
        }

        try
        {
            var result = await StartAsync(new BatchRunRequest(configured.K, configured.Segment, ScheduledBy));
            if (result.Outcome != BatchStartOutcome.Started)
            {
                logger.LogWarning("Scheduled batch run of {Model} skipped: {Why}", this.GetPrimaryKeyString(), result.Error);
            }
        }
        catch (UnknownModelException)
        {
            logger.LogWarning("Scheduled batch run of {Model} skipped: the model is not registered", this.GetPrimaryKeyString());
        }
    }

    private async Task StopRemindingAsync()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private BatchRunStatus? Latest(long sequence) => _state.Value.Finished.LastOrDefault(run => BatchRunIds.TryParse(run.RunId, out _, out var s) && s == sequence);

    private TimeSpan ResumeEvery => TimeSpan.FromSeconds(options.Value.ResumeCheckSeconds);
}
