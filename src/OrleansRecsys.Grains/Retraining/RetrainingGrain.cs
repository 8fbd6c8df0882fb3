using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The autopilot of one model (key: model name). While it has an enabled policy or a run in progress it holds a reminder
/// (durable with PostgreSQL) that ticks every <see cref="RetrainingOptions.TickSeconds"/>: each tick moves the run in
/// progress on (<see cref="RetrainingPipeline"/>), or looks at the triggers (<see cref="TriggerWatch"/>) and starts a run.
/// After a restart the reminder wakes a new activation, which resumes the persisted run at its step.
/// </summary>
internal sealed class RetrainingGrain(
    [PersistentState(StateNames.Retraining, StorageNames.Recsys)] IPersistentState<RetrainingState> storage,
    IOptions<RetrainingOptions> options,
    IOptions<GridOptions> grid,
    IRetrainingWorkbench workbench,
    RetrainingMetrics metrics,
    ILogger<RetrainingGrain> logger) : Grain, IRetrainingGrain, IRemindable
{
    public const string TickReminder = "retraining-tick";

    /// <summary>Ticks in a row whose step threw before the run is failed (a passing outage is waited out, a broken step is not).</summary>
    private const int MaxStepErrors = 5;

    private readonly CommittedState<RetrainingState> _state = new(storage);
    private readonly TriggerWatch _triggers = new();
    private RetrainingSteward _steward = null!;
    private RetrainingPipeline _pipeline = null!;
    private int _stepErrors;

    private string Model => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _steward = new RetrainingSteward(Model, GrainFactory, workbench, metrics, grid.Value.ModelStoreDirectory, options.Value.History, logger);
        _pipeline = new RetrainingPipeline(Model, _state, _steward);
        _steward.Watch(_state.Value);
        if (_state.Value.Current is { } run)
        {
            await _state.CommitAsync(_state.Value.Running(run with { Resumes = run.Resumes + 1 }));
            await _steward.AuditAsync($"run {run.RunId} resumed at step {run.Step} after the autopilot restarted");
            await KeepTickingAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pipeline.Cancel();
        _steward.Forget();
        return Task.CompletedTask;
    }

    public async Task EnsureAsync()
    {
        if (Policy() is { Enabled: true } || _state.Value.Current is not null)
        {
            await KeepTickingAsync();
        }
    }

    public ValueTask<RetrainingView> GetAsync() => ValueTask.FromResult(View());

    public ValueTask<RetrainingStatus> GetStatusAsync() => ValueTask.FromResult(_state.Value.Status(Policy()?.Enabled == true));

    public ValueTask<RetrainingRun[]> ListRunsAsync()
    {
        var runs = Enumerable.Reverse(_state.Value.Finished);
        return ValueTask.FromResult((_state.Value.Current is { } current ? runs.Prepend(current) : runs).ToArray());
    }

    public async Task<RetrainingResult> SetPolicyAsync(RetrainingPolicy policy, string reason, string who)
    {
        if (RetrainingPolicyRules.Validate(policy) is { } bad)
        {
            return new RetrainingResult(RolloutOutcome.BadRequest, bad.Message, bad.Field, View(), null);
        }

        if (await _steward.Coordinator.GetPlanAsync() is null)
        {
            return new RetrainingResult(RolloutOutcome.NotFound, $"model '{Model}' has no rollout plan; register a version first", null, null, null);
        }

        await _state.CommitAsync(_state.Value.WithPolicy(policy));
        await _steward.AuditAsync($"retraining policy set by {who} ({reason}): {(policy.Enabled ? "enabled" : "disabled")}");
        await EnsureAsync();
        return new RetrainingResult(RolloutOutcome.Ok, null, null, View(), null);
    }

    public async Task<RetrainingResult> TriggerAsync(string reason, string who)
    {
        if (_state.Value.Current is { } running)
        {
            return new RetrainingResult(RolloutOutcome.Conflict, $"run {running.RunId} is in progress (step {running.Step}); one run at a time", null, View(), running);
        }

        var plan = await _steward.Coordinator.GetPlanAsync();
        if (plan?.Stable is not { } stable)
        {
            return new RetrainingResult(plan is null ? RolloutOutcome.NotFound : RolloutOutcome.Unprocessable,
                $"model '{Model}' has no stable version to retrain against", null, null, null);
        }

        var run = await _pipeline.StartAsync(Policy() ?? new RetrainingPolicy(), new TriggerDecision(RetrainingTriggers.Manual, "manual: " + reason), who, stable);
        await KeepTickingAsync();
        return new RetrainingResult(RolloutOutcome.Ok, null, null, View(), run);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var policy = Policy();
        if (_state.Value.Current is not null)
        {
            await AdvanceAsync(policy ?? new RetrainingPolicy());
            return;
        }

        if (policy is not { Enabled: true })
        {
            await StopTickingAsync();
            return;
        }

        if (await LookAsync(policy) is { } decision)
        {
            await _pipeline.StartAsync(policy, decision, RetrainingSteward.Who, (await _steward.Coordinator.GetPlanAsync())!.Stable!);
            await AdvanceAsync(policy);
        }
    }

    /// <summary>Moves the run on; a step that keeps throwing fails the run rather than holding the model's autopilot forever.</summary>
    private async Task AdvanceAsync(RetrainingPolicy policy)
    {
        try
        {
            await _pipeline.AdvanceAsync(policy);
            _stepErrors = 0;
        }
        catch (Exception ex) when (++_stepErrors < MaxStepErrors)
        {
            logger.LogWarning(ex, "Retraining of {Model}: the step failed ({Errors} in a row); trying again at the next tick", Model, _stepErrors);
        }
        catch (Exception ex)
        {
            _stepErrors = 0;
            await _pipeline.FailAsync($"the step failed {MaxStepErrors} times in a row: {ex.Message}");
        }
    }

    /// <summary>The trigger that fires now, if any. Nothing fires without a stable version or while a canary is being tried.</summary>
    private async Task<TriggerDecision?> LookAsync(RetrainingPolicy policy)
    {
        var plan = await _steward.Coordinator.GetPlanAsync();
        if (plan?.Stable is not { } stable || plan.Canary is not null)
        {
            return null;
        }

        var report = await GrainFactory.GetGrain<IModelMonitorGrain>(Model).GetReportAsync();
        var last = _state.Value.Finished.Count > 0 ? _state.Value.Finished[^1] : null;
        var now = DateTimeOffset.UtcNow;
        var inputs = new TriggerInputs(now, last?.StartedAt ?? _state.Value.WatchingSince ?? now, last?.FinishedAt,
            report.Variants.FirstOrDefault(v => v.Version == stable));
        return _triggers.Evaluate(policy, inputs);
    }

    /// <summary>Registers (or keeps) the tick reminder, and notes when watching began (the schedule counts from there).</summary>
    private async Task KeepTickingAsync()
    {
        if (_state.Value.WatchingSince is null)
        {
            await _state.CommitAsync(_state.Value.Watching(DateTimeOffset.UtcNow));
        }

        var every = TimeSpan.FromSeconds(options.Value.TickSeconds);
        await this.RegisterOrUpdateReminder(TickReminder, every, every);
    }

    private async Task StopTickingAsync()
    {
        if (await this.GetReminder(TickReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The effective policy: one set through the API, else the configured one, else none.</summary>
    private RetrainingPolicy? Policy() =>
        _state.Value.Policy ?? (options.Value.Models.TryGetValue(Model, out var configured) ? configured.ToPolicy() : null);

    private RetrainingView View()
    {
        var source = _state.Value.Policy is not null ? RetrainingPolicySources.Api
            : options.Value.Models.ContainsKey(Model) ? RetrainingPolicySources.Configuration : RetrainingPolicySources.None;
        return new RetrainingView(Model, Policy(), source, _state.Value.Status(Policy()?.Enabled == true));
    }
}
