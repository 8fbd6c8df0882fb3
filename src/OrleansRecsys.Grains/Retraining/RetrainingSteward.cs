using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// What a model's retraining pipeline works with: the workbench, the model's registry, coordinator and monitor, the
/// metrics, the audit trail and the candidates' directory (beside the model store, which every silo reads, so a run
/// resumed on another silo finds its candidate).
/// </summary>
internal sealed class RetrainingSteward(
    string model, IGrainFactory grains, IRetrainingWorkbench workbench, RetrainingMetrics metrics, string storeDirectory, int history, ILogger logger)
{
    /// <summary>Who the autopilot's steps are recorded as in the rollout history.</summary>
    public const string Who = "autopilot";

    public IRetrainingWorkbench Workbench => workbench;

    public int History => history;

    public IModelRegistryGrain Registry => grains.GetGrain<IModelRegistryGrain>(model);

    public IRolloutCoordinatorGrain Coordinator => grains.GetGrain<IRolloutCoordinatorGrain>(model);

    /// <summary>The job of <paramref name="run"/>: the stable version's features, and the history's ranges.</summary>
    public async Task<RetrainingJob> JobAsync(RetrainingRun run, RetrainingPolicy? policy)
    {
        var stable = await StableAsync(run);
        var trainFrom = policy is null ? long.MinValue : run.HoldoutFromMs - (policy.TrainingWindowSeconds * 1000L);
        var directory = Path.Combine(storeDirectory, "retraining", model, run.Version);
        return new RetrainingJob(model, run.Version, stable.Manifest.Features, trainFrom, run.HoldoutFromMs, run.DataUntilMs, directory);
    }

    public async Task<ModelVersionInfo> StableAsync(RetrainingRun run) =>
        await Registry.GetAsync(run.BaseVersion) ?? throw new InvalidOperationException($"the stable version {run.BaseVersion} is no longer registered");

    /// <summary>Uploads the candidate to the store and registers it, as an upload through the API would; the refusal, or null.</summary>
    public async Task<string?> RegisterAsync(TrainedCandidate candidate)
    {
        await using var onnx = File.OpenRead(candidate.OnnxPath);
        var staged = await ModelUploads.UploadAsync(grains, onnx);
        var result = await Registry.RegisterAsync(candidate.Manifest, staged, Who);
        return result.Status == RegistrationStatus.Registered ? null : $"{result.Status}: {result.Error}";
    }

    /// <summary>The canary's and the stable version's attributed clicks and impressions, as the model's monitor counts them.</summary>
    public async Task<((long Clicks, long Impressions) Canary, (long Clicks, long Impressions) Stable)> ArmsAsync(RetrainingRun run)
    {
        var report = await grains.GetGrain<IModelMonitorGrain>(model).GetReportAsync();
        return (Totals(report, run.Version), Totals(report, run.BaseVersion));
    }

    private static (long Clicks, long Impressions) Totals(ModelReport report, string version) =>
        report.Variants.FirstOrDefault(v => v.Version == version) is { } variant ? (variant.Clicks, variant.Impressions) : (0, 0);

    public Task AuditAsync(string why) => Coordinator.AuditAsync(RolloutActions.Retraining, why, Who);

    public void StepDone(string step, RetrainingRun run) => metrics.StepDone(model, step, DateTimeOffset.UtcNow - run.StepStartedAt);

    public void Watch(RetrainingState state) => metrics.Watch(model, state.Current is not null, state.LastSuccessAt);

    public void Finished(RetrainingRun run, RetrainingState state)
    {
        metrics.RunFinished(model, run.Outcome!);
        Watch(state);
        logger.LogInformation("Retraining run {Run} of {Model} ended {Outcome} at {Step}: {Reason}", run.RunId, model, run.Outcome, run.Step, run.Reason);
    }

    public void Forget() => metrics.Forget(model);
}
