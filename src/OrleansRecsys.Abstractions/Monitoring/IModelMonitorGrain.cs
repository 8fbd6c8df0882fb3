namespace OrleansRecsys;

/// <summary>Collects serving statistics, drift histograms and outcomes of one model (key: model name).</summary>
[Alias("recsys.IModelMonitorGrain")]
public interface IModelMonitorGrain : IGrainWithStringKey
{
    [Alias("RecordServing")] Task RecordServingAsync(VersionServingDelta[] deltas);

    /// <summary>Counts each outcome above the monitor's watermark for its source and advances the watermark: delivering
    /// the same outcomes again (a rewind replays them) counts nothing.</summary>
    [Alias("RecordSourcedOutcomes")] Task RecordOutcomesAsync(SourcedOutcome[] outcomes);

    [Alias("Report"), Orleans.Concurrency.AlwaysInterleave] ValueTask<ModelReport> GetReportAsync();
}
