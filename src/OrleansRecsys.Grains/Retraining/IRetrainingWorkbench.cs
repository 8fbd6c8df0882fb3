namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The heavy steps of a retraining run: training a candidate on recent history and comparing it with the stable version
/// on held-out history. The grains orchestrate; the host supplies the trainer and the offline evaluator behind this
/// (the grains do not reference the training project). Both run off the grain's turn and may take minutes.
/// </summary>
public interface IRetrainingWorkbench
{
    /// <summary>Trains a candidate on history in [<see cref="RetrainingJob.TrainFromMs"/>, <see cref="RetrainingJob.HoldoutFromMs"/>)
    /// and writes <c>model.onnx</c> and <c>manifest.json</c> to <see cref="RetrainingJob.Directory"/>.</summary>
    Task<TrainedCandidate> TrainAsync(RetrainingJob job, CancellationToken ct);

    /// <summary>The candidate <see cref="TrainAsync"/> left in the job's directory, or null when there is none.</summary>
    TrainedCandidate? Find(RetrainingJob job);

    /// <summary>Scores the candidate and <paramref name="stable"/> (its artifact in the model store) on the same held-out cases,
    /// in [<see cref="RetrainingJob.HoldoutFromMs"/>, <see cref="RetrainingJob.DataUntilMs"/>).</summary>
    Task<GateMeasure> CompareAsync(RetrainingJob job, TrainedCandidate candidate, ModelVersionInfo stable, CancellationToken ct);
}
