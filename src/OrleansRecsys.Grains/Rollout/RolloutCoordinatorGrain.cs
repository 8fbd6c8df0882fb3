using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// The canary rollout and multi-arm experiments of one model (key: model name): persisted plan and audit history,
/// optimistic revisions, pushes to every silo's plan cache, and guardrails that take a misbehaving arm (the canary is
/// arm 0) out of the plan without touching the others.
/// </summary>
internal sealed class RolloutCoordinatorGrain(
    [PersistentState(StateNames.Rollout, StorageNames.Recsys)] IPersistentState<RolloutState> state,
    RecsysMetrics metrics,
    ILogger<RolloutCoordinatorGrain> logger) : Grain, IRolloutCoordinatorGrain
{
    public const int MaxHistory = 1000;
    private readonly CommittedState<RolloutState> _state = new(state);
    private readonly RolloutObservers _observers = new(logger);
    private readonly GuardrailWindow _window = new(TimeSpan.FromMinutes(5));

    public ValueTask<RolloutPlan?> GetPlanAsync() => ValueTask.FromResult(_state.Value.Plan);

    public ValueTask<RolloutChange[]> GetHistoryAsync() =>
        ValueTask.FromResult(Enumerable.Reverse(_state.Value.History).ToArray());

    public async Task<RolloutResult> InitializeAsync(string stable, string who, string reason)
    {
        if (_state.Value.Plan?.Stable is not null)
        {
            return new RolloutResult(RolloutOutcome.Ok, null, _state.Value.Plan);
        }

        if (await CheckVersionAsync(stable) is { } error)
        {
            return new RolloutResult(RolloutOutcome.Unprocessable, error, null);
        }

        return await CommitAsync(RolloutActions.Initialize, who, reason, RolloutTransitions.Initial(this.GetPrimaryKeyString(), stable));
    }

    public async Task<RolloutResult> UpdateAsync(RolloutUpdate update, string who)
    {
        if (_state.Value.Plan is not { } current)
        {
            return new RolloutResult(RolloutOutcome.NotFound, $"model '{this.GetPrimaryKeyString()}' has no rollout plan; register a version first", null);
        }

        if (RolloutRules.ValidateUpdate(current, update) is { } bad)
        {
            return new RolloutResult(RolloutOutcome.BadRequest, bad, current);
        }

        if (update.Revision != current.Revision)
        {
            return new RolloutResult(RolloutOutcome.Conflict, $"stale revision {update.Revision}; the plan is at revision {current.Revision}", current);
        }

        var shadow = RolloutTransitions.ShadowsAfter(current, update);
        foreach (var version in update.Canary is null ? shadow : shadow.Append(update.Canary))
        {
            if (await CheckVersionAsync(version) is { } error)
            {
                return new RolloutResult(RolloutOutcome.Unprocessable, error, current);
            }
        }

        var next = RolloutTransitions.Updated(current, update);
        var result = await CommitAsync(RolloutActions.Set, who, update.Reason, next);
        if (next.Canary != current.Canary)
        {
            _window.Clear();
        }

        return result;
    }

    public async Task<RolloutResult> SetArmsAsync(RolloutArmsUpdate update, string who)
    {
        if (_state.Value.Plan is not { } current)
        {
            return new RolloutResult(RolloutOutcome.NotFound, $"model '{this.GetPrimaryKeyString()}' has no rollout plan; register a version first", null);
        }

        if (RolloutRules.ValidateArmsUpdate(current, update) is { } bad)
        {
            return new RolloutResult(RolloutOutcome.BadRequest, bad, current);
        }

        if (update.Revision != current.Revision)
        {
            return new RolloutResult(RolloutOutcome.Conflict, $"stale revision {update.Revision}; the plan is at revision {current.Revision}", current);
        }

        foreach (var version in RolloutTransitions.ShadowsAfter(current, update).Concat(update.Arms.Select(a => a.Version)))
        {
            if (await CheckVersionAsync(version) is { } error)
            {
                return new RolloutResult(RolloutOutcome.Unprocessable, error, current);
            }
        }

        var result = await CommitAsync(RolloutActions.Set, who, update.Reason, RolloutTransitions.ArmsSet(current, update));
        foreach (var joined in update.Arms.Where(a => !RolloutArms.Contains(current, a.Version)))
        {
            _window.Forget(joined.Version); // judged on what it serves as an arm from now on, not on an earlier stint
        }

        return result;
    }

    /// <summary>Promotes the canary; a plan with several arms needs <see cref="PromoteArmAsync"/>, which names the arm.</summary>
    public Task<RolloutResult> PromoteAsync(long revision, string reason, string who) => EndCanaryAsync(promote: true, revision, reason, who);

    /// <summary>Ends the canary, or every arm of an experiment.</summary>
    public Task<RolloutResult> RollbackAsync(long revision, string reason, string who) => EndCanaryAsync(promote: false, revision, reason, who);

    /// <summary>
    /// Ends the canary of the plan at <paramref name="revision"/>: a caller decides about the canary it saw, never one
    /// that replaced it meanwhile. A promoted canary must still be registered, not retired, and healthy.
    /// </summary>
    private async Task<RolloutResult> EndCanaryAsync(bool promote, long revision, string reason, string who)
    {
        var verb = promote ? "promote" : "roll back";
        if (RolloutRules.RefuseDecision(_state.Value.Plan, this.GetPrimaryKeyString(), revision, reason) is { } refusal)
        {
            return refusal;
        }

        var current = _state.Value.Plan!;
        if (current.Canary is null)
        {
            return new RolloutResult(RolloutOutcome.Conflict, $"there is no canary to {verb}", current);
        }

        if (promote && RolloutArms.Count(current) > 1)
        {
            return new RolloutResult(RolloutOutcome.BadRequest, $"version is required: the plan runs {RolloutArms.Count(current)} arms "
                + $"({string.Join(", ", RolloutArms.Of(current).Select(a => a.Version))}); name the one to promote", current);
        }

        if (promote && await CheckVersionAsync(current.Canary) is { } error)
        {
            return new RolloutResult(RolloutOutcome.Unprocessable, $"cannot promote: {error}", current);
        }

        var result = await CommitAsync(promote ? RolloutActions.Promote : RolloutActions.Rollback, who, reason, RolloutTransitions.CanaryEnded(current, promote));
        _window.Clear();
        return result;
    }

    public async Task<RolloutResult> PromoteArmAsync(long revision, string version, string reason, string who)
    {
        if (RolloutRules.RefuseDecision(_state.Value.Plan, this.GetPrimaryKeyString(), revision, reason, version) is { } refusal)
        {
            return refusal;
        }

        var current = _state.Value.Plan!;
        if (await CheckVersionAsync(version) is { } error)
        {
            return new RolloutResult(RolloutOutcome.Unprocessable, $"cannot promote: {error}", current);
        }

        var result = await CommitAsync(RolloutActions.Promote, who, reason, RolloutTransitions.ArmPromoted(current, version));
        _window.Clear();
        return result;
    }

    /// <summary>Ends one arm; ending the last one is a rollback (the plan is back to the stable version alone).</summary>
    public async Task<RolloutResult> RemoveArmAsync(long revision, string version, string reason, string who)
    {
        if (RolloutRules.RefuseDecision(_state.Value.Plan, this.GetPrimaryKeyString(), revision, reason, version) is { } refusal)
        {
            return refusal;
        }

        var next = RolloutTransitions.ArmRemoved(_state.Value.Plan!, version);
        var result = await CommitAsync(RolloutArms.Any(next) ? RolloutActions.RemoveArm : RolloutActions.Rollback, who, reason, next);
        _window.Forget(version);
        return result;
    }

    private async Task<string?> CheckVersionAsync(string version)
    {
        var model = this.GetPrimaryKeyString();
        var info = await GrainFactory.GetGrain<IModelRegistryGrain>(model).GetAsync(version);
        if (info is null)
        {
            return $"version '{version}' of model '{model}' is not registered";
        }

        if (info.Status == ModelStatus.Retired)
        {
            return $"version '{version}' of model '{model}' is retired";
        }

        var health = await GrainFactory.GetGrain<IModelVersionGrain>(new ModelVersionKey(model, version).ToString()).GetHealthErrorAsync();
        return health is null ? null : $"version '{version}' of model '{model}' is unhealthy: {health}";
    }

    private async Task<RolloutResult> CommitAsync(string action, string who, string reason, RolloutPlan next)
    {
        var change = new RolloutChange(next.Revision, action, who, DateTimeOffset.UtcNow, reason, _state.Value.Plan, next);
        await _state.CommitAsync(_state.Value.After(change, MaxHistory));
        metrics.RolloutChanges.Add(1, new KeyValuePair<string, object?>("action", action));
        logger.LogInformation("Rollout of {Model} revision {Revision}: {Action} by {Who} ({Reason})", next.Model, next.Revision, action, who, reason);
        _observers.Push(next);
        return new RolloutResult(RolloutOutcome.Ok, null, next);
    }

    /// <summary>Records <paramref name="why"/> in the history with the plan as it is: the entry's revision, before and after
    /// are the current plan's, nothing is pushed and no plan change is counted. A model without a plan has no history to add to.</summary>
    public async Task AuditAsync(string action, string why, string who)
    {
        if (_state.Value.Plan is not { } plan)
        {
            logger.LogWarning("Audit of {Model} without a rollout plan dropped: {Action} by {Who} ({Reason})", this.GetPrimaryKeyString(), action, who, why);
            return;
        }

        var entry = new RolloutChange(plan.Revision, action, who, DateTimeOffset.UtcNow, why, plan, plan);
        await _state.CommitAsync(_state.Value.After(entry, MaxHistory));
        logger.LogInformation("Rollout of {Model} audit at revision {Revision}: {Action} by {Who} ({Reason})", plan.Model, plan.Revision, action, who, why);
    }

    public Task SubscribeAsync(IRolloutObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Adds the silos' reports to the window and takes out every arm the guardrails find in breach, one change each.</summary>
    public async Task ReportAsync(VariantStats[] stats)
    {
        if (_state.Value.Plan is not { } plan || !RolloutArms.Any(plan))
        {
            return;
        }

        _window.Add(stats);
        foreach (var report in _window.EvaluateArms(plan))
        {
            if (report.Verdict != GuardrailVerdicts.Breach)
            {
                continue;
            }

            var arm = report.Canary.Version;
            metrics.AutoRollbacks.Add(1, new KeyValuePair<string, object?>("model", plan.Model));
            logger.LogWarning("Guardrail breach for {Model} arm {Arm}: {Reason}; taking it out", plan.Model, arm, report.Reason);
            await RemoveArmAsync(_state.Value.Plan!.Revision, arm, $"guardrail: {arm}: {report.Reason}", "system:guardrails");
        }
    }

    public ValueTask<GuardrailReport?> GetGuardrailReportAsync() =>
        ValueTask.FromResult(_state.Value.Plan is { } plan ? _window.Evaluate(plan) : null);

    public ValueTask<GuardrailReport[]> GetArmGuardrailReportsAsync() =>
        ValueTask.FromResult(_state.Value.Plan is { } plan ? _window.EvaluateArms(plan) : []);
}
