namespace OrleansRecsys.Grains.Retraining;

/// <summary>The workbench of a host that cannot train: a run started there fails at training, saying so.</summary>
internal sealed class NoRetrainingWorkbench : IRetrainingWorkbench
{
    private const string Missing = "this host has no trainer (the silo registers one)";

    public Task<TrainedCandidate> TrainAsync(RetrainingJob job, CancellationToken ct) => throw new InvalidOperationException(Missing);

    public TrainedCandidate? Find(RetrainingJob job) => null;

    public Task<GateMeasure> CompareAsync(RetrainingJob job, TrainedCandidate candidate, ModelVersionInfo stable, CancellationToken ct) =>
        throw new InvalidOperationException(Missing);
}
