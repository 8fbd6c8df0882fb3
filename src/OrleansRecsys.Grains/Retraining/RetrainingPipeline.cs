using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The steps of one model's retraining runs, driven by its autopilot grain's ticks: train → gate → register → canary →
/// soak → promote or roll back. Each step is written to the run (persisted) before it is acted on, and every step that
/// acts is acted on again safely: a restarted autopilot resumes the run at the step it finds. Training and gating run
/// off the grain's turn; a tick takes up their result.
/// </summary>
internal sealed class RetrainingPipeline(string model, CommittedState<RetrainingState> state, RetrainingSteward steward)
{
    private Task? _work;
    private CancellationTokenSource _cancel = new();

    /// <summary>Starts a run on the stable version as it is now; the history it will use ends now.</summary>
    public async Task<RetrainingRun> StartAsync(RetrainingPolicy policy, TriggerDecision decision, string who, string stable)
    {
        var now = DateTimeOffset.UtcNow;
        var sequence = state.Value.LastSequence + 1;
        var holdoutFrom = now.AddSeconds(-policy.HoldoutSeconds).ToUnixTimeMilliseconds();
        var version = string.Create(CultureInfo.InvariantCulture, $"auto-{sequence}-{now:yyyyMMddHHmmss}");
        var run = new RetrainingRun($"{model}-retrain-{sequence}", sequence, decision.Trigger, decision.Reason, who, RetrainingSteps.Training, now, now,
            version, stable, holdoutFrom, now.ToUnixTimeMilliseconds());
        await state.CommitAsync(state.Value.Running(run));
        steward.Watch(state.Value);
        await steward.AuditAsync($"run {run.RunId} started by {who} ({decision.Reason}): training {version} against the stable {stable}");
        return run;
    }

    /// <summary>Moves the run in progress on as far as it can go now.</summary>
    public async Task AdvanceAsync(RetrainingPolicy policy)
    {
        for (var moves = 0; moves < RetrainingSteps.All.Count && state.Value.Current is { } run; moves++)
        {
            var moved = run.Step switch
            {
                RetrainingSteps.Training => await TrainAsync(run, policy),
                RetrainingSteps.Gating => await GateAsync(run, policy),
                RetrainingSteps.Registering => await RegisterAsync(run),
                RetrainingSteps.Canary => await CanaryAsync(run, policy),
                RetrainingSteps.Soaking => await SoakAsync(run, policy),
                _ => await FinishAsync(run, RetrainingOutcomes.Failed, $"unknown step '{run.Step}'"),
            };
            if (!moved)
            {
                return;
            }
        }
    }

    /// <summary>Ends the run in progress as failed, for a reason found outside its steps.</summary>
    public async Task FailAsync(string reason)
    {
        if (state.Value.Current is { } run)
        {
            _work = null;
            await FinishAsync(run, RetrainingOutcomes.Failed, reason);
        }
    }

    /// <summary>Stops work in progress (the activation is going away; the next one starts the step again).</summary>
    public void Cancel()
    {
        _cancel.Cancel();
        _cancel.Dispose();
        _cancel = new CancellationTokenSource();
        _work = null;
    }

    private async Task<bool> TrainAsync(RetrainingRun run, RetrainingPolicy policy)
    {
        if (_work is null)
        {
            var job = await steward.JobAsync(run, policy);
            var ct = _cancel.Token;
            _work = Task.Run(() => steward.Workbench.TrainAsync(job, ct), ct);
            return false;
        }

        if (Take<TrainedCandidate>() is not { } done)
        {
            return false;
        }

        if (done.Exception is { } error)
        {
            return await FinishAsync(run, RetrainingOutcomes.Failed, "training failed: " + error.Message);
        }

        return await NextStepAsync(run, run with { Dataset = done.Result!.Dataset }, RetrainingSteps.Gating, $"trained {run.Version} on {done.Result.Dataset}");
    }

    private async Task<bool> GateAsync(RetrainingRun run, RetrainingPolicy policy)
    {
        if (_work is null)
        {
            var job = await steward.JobAsync(run, policy);
            if (steward.Workbench.Find(job) is not { } candidate)
            {
                return await FinishAsync(run, RetrainingOutcomes.Failed, $"the candidate's files are gone from {job.Directory}");
            }

            var stable = await steward.StableAsync(run);
            var ct = _cancel.Token;
            _work = Task.Run(() => steward.Workbench.CompareAsync(job, candidate, stable, ct), ct);
            return false;
        }

        if (Take<GateMeasure>() is not { } done)
        {
            return false;
        }

        if (done.Exception is { } error)
        {
            return await FinishAsync(run, RetrainingOutcomes.Failed, "the offline comparison failed: " + error.Message);
        }

        var measure = done.Result!;
        var (passed, reason) = OfflineGate.Judge(policy, measure);
        var measured = run with { GateCandidate = measure.CandidateAuc, GateStable = measure.StableAuc, GateCases = measure.Cases };
        return passed
            ? await NextStepAsync(run, measured, RetrainingSteps.Registering, reason)
            : await FinishAsync(measured, RetrainingOutcomes.GatedOut, reason);
    }

    /// <summary>The finished background step's result (exception or value), or null while it runs.</summary>
    private (T? Result, Exception? Exception)? Take<T>() where T : class
    {
        if (_work is not { IsCompleted: true } work)
        {
            return null;
        }

        _work = null;
        return work is Task<T> { IsCompletedSuccessfully: true } typed ? (typed.Result, null)
            : (null, work.Exception?.GetBaseException() ?? new OperationCanceledException("the step was cancelled"));
    }

    /// <summary>Registers the candidate through the registry's own validation, unless a resumed run already did.</summary>
    private async Task<bool> RegisterAsync(RetrainingRun run)
    {
        if (await steward.Registry.GetAsync(run.Version) is null)
        {
            var job = await steward.JobAsync(run, policy: null);
            if (steward.Workbench.Find(job) is not { } candidate)
            {
                return await FinishAsync(run, RetrainingOutcomes.Failed, $"the candidate's files are gone from {job.Directory}");
            }

            var refusal = await steward.RegisterAsync(candidate);
            if (refusal is not null)
            {
                return await FinishAsync(run, RetrainingOutcomes.Failed, "the registry refused the candidate: " + refusal);
            }
        }

        return await NextStepAsync(run, run, RetrainingSteps.Canary, $"registered {run.Version}");
    }

    /// <summary>Sets the candidate as the canary at the policy's share, unless a resumed run already did.</summary>
    private async Task<bool> CanaryAsync(RetrainingRun run, RetrainingPolicy policy)
    {
        var plan = await steward.Coordinator.GetPlanAsync();
        if (plan?.Canary == run.Version)
        {
            return await NextStepAsync(run, run with { CanaryRevision = plan.Revision }, RetrainingSteps.Soaking, $"{run.Version} is the canary at {plan.CanaryPercent} %");
        }

        if (plan?.Stable != run.BaseVersion || plan.Canary is not null)
        {
            return await FinishAsync(run, RetrainingOutcomes.Failed, plan?.Stable != run.BaseVersion
                ? $"the stable version changed from {run.BaseVersion} to {plan?.Stable ?? "none"} during the run"
                : $"another canary ({plan.Canary}) is being tried; the autopilot does not replace it");
        }

        var why = string.Create(CultureInfo.InvariantCulture, $"run {run.RunId}: {run.Version} as canary at {policy.CanaryPercent} % for {policy.SoakSeconds} s");
        var result = await steward.Coordinator.UpdateAsync(new RolloutUpdate(run.Version, policy.CanaryPercent, null, null, plan.Revision, why), RetrainingSteward.Who);
        if (result.Outcome != RolloutOutcome.Ok)
        {
            return await FinishAsync(run, RetrainingOutcomes.Failed, $"the coordinator refused the canary: {result.Error}");
        }

        return await NextStepAsync(run, run with { CanaryRevision = result.Plan!.Revision }, RetrainingSteps.Soaking, null);
    }

    /// <summary>Waits out the soak, then promotes or rolls back by <see cref="SoakJudge"/>; a canary someone (or a guardrail)
    /// already ended ends the run the way it ended.</summary>
    private async Task<bool> SoakAsync(RetrainingRun run, RetrainingPolicy policy)
    {
        var plan = await steward.Coordinator.GetPlanAsync();
        if (plan?.Canary != run.Version)
        {
            return await EndedElsewhereAsync(run, plan);
        }

        var (canary, stable) = await steward.ArmsAsync(run);
        if (run.StableBaseline is null && !SoakJudge.ReadyToCount(policy, DateTimeOffset.UtcNow - run.StepStartedAt, canary.Impressions))
        {
            return false;
        }

        if (run.StableBaseline is not { Length: 4 } baseline || stable.Impressions < baseline[1] || canary.Impressions < baseline[3])
        {
            // The soak counts from here: the first look after the settle, or the monitor restarted and its counts began again.
            var counted = run with { StableBaseline = [stable.Clicks, stable.Impressions, canary.Clicks, canary.Impressions], StepStartedAt = DateTimeOffset.UtcNow };
            await state.CommitAsync(state.Value.Running(counted));
            return false;
        }

        var verdict = SoakJudge.Decide(policy, DateTimeOffset.UtcNow - run.StepStartedAt,
            (canary.Clicks - baseline[2], canary.Impressions - baseline[3]), (stable.Clicks - baseline[0], stable.Impressions - baseline[1]));
        if (!verdict.Decided)
        {
            return false;
        }

        steward.StepDone(RetrainingSteps.Soaking, run);
        var decided = run with { CtrDifference = verdict.CtrDifference };
        var why = $"run {run.RunId}: {verdict.Reason}";
        var result = verdict.Promote
            ? await steward.Coordinator.PromoteAsync(plan.Revision, why, RetrainingSteward.Who)
            : await steward.Coordinator.RollbackAsync(plan.Revision, why, RetrainingSteward.Who);
        if (result.Outcome != RolloutOutcome.Ok)
        {
            return false; // the plan moved under us (a new revision): look again at the next tick
        }

        return await FinishAsync(decided, verdict.Promote ? RetrainingOutcomes.Promoted : RetrainingOutcomes.RolledBack, verdict.Reason, audited: true);
    }

    private async Task<bool> EndedElsewhereAsync(RetrainingRun run, RolloutPlan? plan)
    {
        var ended = (await steward.Coordinator.GetHistoryAsync()).FirstOrDefault(c => c.Before?.Canary == run.Version && c.After.Canary != run.Version);
        var how = ended is null ? "the canary left the plan" : $"{ended.Action} by {ended.Who}: {ended.Why}";
        return plan?.Stable == run.Version
            ? await FinishAsync(run, RetrainingOutcomes.Promoted, how)
            : await FinishAsync(run, RetrainingOutcomes.RolledBack, how);
    }

    /// <summary>Records the finished step (duration, audit) and writes the run at its next step before anything acts on it.</summary>
    private async Task<bool> NextStepAsync(RetrainingRun run, RetrainingRun updated, string step, string? audit)
    {
        steward.StepDone(run.Step, run);
        await state.CommitAsync(state.Value.Running(updated with { Step = step, StepStartedAt = DateTimeOffset.UtcNow }));
        if (audit is not null)
        {
            await steward.AuditAsync($"run {run.RunId}: {audit}");
        }

        return true;
    }

    private async Task<bool> FinishAsync(RetrainingRun run, string outcome, string reason, bool audited = false)
    {
        var finished = run with { Step = RetrainingSteps.Done, Outcome = outcome, Reason = reason, FinishedAt = DateTimeOffset.UtcNow };
        await state.CommitAsync(state.Value.After(finished, steward.History));
        steward.Finished(finished, state.Value);
        if (!audited)
        {
            await steward.AuditAsync($"run {run.RunId} ended {outcome} at {run.Step}: {reason}");
        }

        return false;
    }
}
