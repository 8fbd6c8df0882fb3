using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// Online backfills (key 0), one at a time. A grain timer replays the log chunk by chunk (<see cref="BackfillReplayer"/>)
/// and persists progress after each; a reminder (durable with PostgreSQL) wakes the grain after a silo restart, and the
/// new activation resumes from the persisted offsets. A run that keeps failing ends as Failed with the last error.
/// </summary>
internal sealed class FeatureBackfillGrain(
    [PersistentState(StateNames.FeatureBackfills, StorageNames.Recsys)] IPersistentState<FeatureBackfillState> state,
    FeatureCatalog catalog,
    IInteractionLog log,
    IOptions<BatchOptions> options,
    ILogger<FeatureBackfillGrain> logger) : Grain, IFeatureBackfillGrain, IRemindable
{
    public const string ResumeReminder = "backfill-resume";

    /// <summary>Records replayed per step: enough to amortise the flushes, few enough to persist progress often.</summary>
    internal const int ChunkSize = 2_000;

    /// <summary>Consecutive failed steps after which a run is given up (about a minute of retries at the step period).</summary>
    private const int MaxFailedSteps = 120;

    private static readonly TimeSpan StepEvery = TimeSpan.FromMilliseconds(500);

    private readonly CommittedState<FeatureBackfillState> _state = new(state);
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.Value.Current is not null)
        {
            StartStepping();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<BackfillStartResult> StartAsync(BackfillRequest request)
    {
        if (_state.Value.Current is { } running)
        {
            return new BackfillStartResult(BackfillStartOutcome.AlreadyRunning, $"backfill {running.Id} is in progress; one at a time", running.Status(BackfillState.Running));
        }

        var plan = await BackfillPlanning.PlanAsync(request, catalog, GrainFactory, log);
        if (plan.Outcome != BackfillStartOutcome.Started)
        {
            return new BackfillStartResult(plan.Outcome, plan.Error, null);
        }

        var sequence = _state.Value.LastSequence + 1;
        var run = new BackfillRun($"backfill-{sequence}", plan.Version, plan.Features, request.From, request.To, DateTimeOffset.UtcNow, request.Who,
            plan.Ranges, plan.Ranges.Select(r => r.Start).ToArray());
        await _state.CommitAsync(_state.Value.Running(run, sequence));
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumeEvery, ResumeEvery);
        logger.LogInformation("Backfill {Id} of catalogue version {Version} started by {Who}: {Features}, {Events} log records",
            run.Id, run.Version, request.Who, string.Join(", ", run.Features), run.Ranges.Sum(r => r.Count));
        StartStepping();
        return new BackfillStartResult(BackfillStartOutcome.Started, null, run.Status(BackfillState.Running));
    }

    public ValueTask<BackfillStatus?> GetAsync(string id) =>
        ValueTask.FromResult(_state.Value.Current is { } run && run.Id == id ? run.Status(BackfillState.Running) : _state.Value.Finished.LastOrDefault(b => b.Id == id));

    public ValueTask<BackfillStatus[]> ListAsync()
    {
        var all = Enumerable.Reverse(_state.Value.Finished);
        if (_state.Value.Current is { } current)
        {
            all = all.Prepend(current.Status(BackfillState.Running));
        }

        return ValueTask.FromResult(all.ToArray());
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_state.Value.Current is null)
        {
            return StopRemindingAsync();
        }

        StartStepping();
        return Task.CompletedTask;
    }

    private void StartStepping() =>
        _timer ??= this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(TimeSpan.Zero, StepEvery) { Interleave = false });

    /// <summary>Replays chunks for up to a second, persisting after each, then yields to calls waiting on the grain.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow.AddSeconds(1);
        while (_state.Value.Current is { } run && DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            if (run.IsComplete)
            {
                await FinishAsync(run.Status(BackfillState.Completed, DateTimeOffset.UtcNow));
                return;
            }

            if (!await TryReplayChunkAsync(run, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task<bool> TryReplayChunkAsync(BackfillRun run, CancellationToken cancellationToken)
    {
        var index = run.NextRange();
        var range = run.Ranges[index];
        try
        {
            var read = await log.ReadAsync(range, run.Next[index], ChunkSize, cancellationToken);
            var chunk = await new BackfillReplayer(GrainFactory, catalog).ReplayAsync(run.Id, run.Version, range, read.Records);
            await _state.CommitAsync(_state.Value.Running(run.After(index, Math.Min(range.End, read.Next), chunk), _state.Value.LastSequence));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Backfill {Id}: replaying partition {Partition} from offset {Offset} failed; retrying", run.Id, range.Partition, run.Next[index]);
            var failed = run with { FailedSteps = run.FailedSteps + 1, LastError = ex.Message };
            await (failed.FailedSteps >= MaxFailedSteps
                ? FinishAsync(failed.Status(BackfillState.Failed, DateTimeOffset.UtcNow))
                : _state.CommitAsync(_state.Value.Running(failed, _state.Value.LastSequence)));
            return false;
        }
    }

    private async Task FinishAsync(BackfillStatus finished)
    {
        await _state.CommitAsync(_state.Value.After(finished, options.Value.History));
        _timer?.Dispose();
        _timer = null;
        await StopRemindingAsync();
        logger.LogInformation("Backfill {Id} {State}: {Read} records, {Users} user and {Items} item updates{Error}", finished.Id, finished.State,
            finished.EventsRead, finished.UserUpdates, finished.ItemUpdates, finished.Error is null ? "" : $" ({finished.Error})");
    }

    private async Task StopRemindingAsync()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private TimeSpan ResumeEvery => TimeSpan.FromSeconds(options.Value.ResumeCheckSeconds);
}
