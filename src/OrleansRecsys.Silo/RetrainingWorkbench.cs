using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Retraining;
using OrleansRecsys.Inference;
using OrleansRecsys.Training;
using OrleansRecsys.Training.Backfill;
using OrleansRecsys.Training.Evaluation;

namespace OrleansRecsys.Silo;

/// <summary>
/// The autopilot's trainer and gate, from the training project: point-in-time rows backfilled from the interaction log
/// (sampled negatives, as <c>recsysctl backfill</c>), the project's trainer with a seed that follows the version name,
/// and the offline evaluator comparing the candidate with the stable version on the held-out history (as
/// <c>recsysctl evaluate</c>), the same cases for both.
/// </summary>
internal sealed class RetrainingWorkbench(RetrainingHistory history, FeatureCatalog catalog, ModelStore store, ILogger<RetrainingWorkbench> logger) : IRetrainingWorkbench
{
    private const string ModelFile = "model.onnx";
    private const string ManifestFile = "manifest.json";

    /// <summary>Negatives ranked against each held-out positive (HR@10 and NDCG@10 over 50 items; the gate reads the AUC).</summary>
    private const int GateNegatives = 49;

    public async Task<TrainedCandidate> TrainAsync(RetrainingJob job, CancellationToken ct)
    {
        var log = history.Read(job.TrainFromMs, job.DataUntilMs, ct);
        var seed = RankerTrainer.SeedFor(job.Version);
        // The backfill builds its rows with the catalogue's defaults, which the set records for the manifest.
        var set = TrainingSet.BuiltBy(VectorBuilder.Create(catalog, job.Features));
        var options = new BackfillOptions(job.Features, BackfillOptions.DefaultWeights, NegativeSource.Sampled, Seed: seed, FromMs: job.TrainFromMs, UntilMs: job.HoldoutFromMs);
        TrainingBackfill.Run(log, catalog, options, row => set.Add(row.Values, row.Label, row.TsMs, (float)row.Weight));
        ct.ThrowIfCancellationRequested();
        var dataset = string.Create(CultureInfo.InvariantCulture,
            $"interaction log backfill (sampled negatives) of {set.Count} rows, {set.Labels.Count(l => l)} positive, from {Time(job.TrainFromMs)} to {Time(job.HoldoutFromMs)}; seed {seed}");
        var result = RankerTrainer.Train(set, new RankerTrainer.Options(job.Model, job.Version, Seed: seed), dataset);
        await RankerTrainer.WriteAsync(result, job.Directory);
        logger.LogInformation("Retraining {Model}@{Version}: trained on {Dataset}, AUC {Auc:F3}", job.Model, job.Version, dataset, result.Manifest.Metrics["auc"]);
        return new TrainedCandidate(result.Manifest, Path.Combine(job.Directory, ModelFile), dataset);
    }

    public TrainedCandidate? Find(RetrainingJob job)
    {
        var manifestPath = Path.Combine(job.Directory, ManifestFile);
        var modelPath = Path.Combine(job.Directory, ModelFile);
        if (!File.Exists(manifestPath) || !File.Exists(modelPath))
        {
            return null;
        }

        var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), RankerTrainer.ManifestJson);
        return manifest is null ? null : new TrainedCandidate(manifest, modelPath, manifest.Dataset);
    }

    public async Task<GateMeasure> CompareAsync(RetrainingJob job, TrainedCandidate candidate, ModelVersionInfo stable, CancellationToken ct)
    {
        var log = history.Read(job.TrainFromMs, job.DataUntilMs, ct);
        var stablePath = await store.VerifiedPathAsync(stable.Manifest.Sha256, ct);
        using var stableScorer = OnnxVersionScorer.FromFile(stable.Manifest.Version, stable.Manifest, stablePath, catalog);
        using var candidateScorer = OnnxVersionScorer.FromFile(job.Version, candidate.Manifest, candidate.OnnxPath, catalog);
        var options = new EvaluationOptions(job.HoldoutFromMs, Negatives: GateNegatives, Seed: RankerTrainer.SeedFor(job.Version));
        var report = OfflineEvaluator.Run(log, catalog, [stableScorer, candidateScorer], options);
        var difference = report.Differences[0].Auc;
        logger.LogInformation("Retraining {Model}@{Version}: hold-out AUC {Candidate:F4} against {Stable:F4} on {Cases} cases", job.Model, job.Version,
            report.Results[1].Auc.Mean, report.Results[0].Auc.Mean, report.Cases);
        return new GateMeasure(report.Results[1].Auc.Mean, report.Results[0].Auc.Mean, difference.Low, difference.High, report.Cases);
    }

    private static string Time(long ms) => ms == long.MinValue ? "the start" : DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", CultureInfo.InvariantCulture);
}
