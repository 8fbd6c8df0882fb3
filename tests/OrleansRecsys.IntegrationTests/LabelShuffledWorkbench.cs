using OrleansRecsys.Features;
using OrleansRecsys.Grains.Retraining;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A workbench whose candidates are worse by construction: the project's trainer fitted on synthetic sessions whose
/// labels were shuffled, so the model ranks no better than chance. Finding and gating go to the silo's own workbench.
/// </summary>
public sealed class LabelShuffledWorkbench(IRetrainingWorkbench real, FeatureCatalog catalog) : IRetrainingWorkbench
{
    private const int Seed = 11;

    public async Task<TrainedCandidate> TrainAsync(RetrainingJob job, CancellationToken ct)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var set = TrainingSet.FromTraffic(new SyntheticTraffic(new TrafficSettings(), Seed), catalog, job.Features, 800, start);
        var random = new Random(Seed);
        for (var i = set.Labels.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (set.Labels[i], set.Labels[j]) = (set.Labels[j], set.Labels[i]);
        }

        var result = RankerTrainer.Train(set, new RankerTrainer.Options(job.Model, job.Version, Seed: Seed), "synthetic sessions with shuffled labels");
        await RankerTrainer.WriteAsync(result, job.Directory);
        return new TrainedCandidate(result.Manifest, Path.Combine(job.Directory, "model.onnx"), result.Manifest.Dataset);
    }

    public TrainedCandidate? Find(RetrainingJob job) => real.Find(job);

    public Task<GateMeasure> CompareAsync(RetrainingJob job, TrainedCandidate candidate, ModelVersionInfo stable, CancellationToken ct) =>
        real.CompareAsync(job, candidate, stable, ct);
}
