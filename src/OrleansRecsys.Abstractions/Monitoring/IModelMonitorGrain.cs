namespace OrleansRecsys;

/// <summary>Collects serving statistics, drift histograms and outcomes of one model (key: model name).</summary>
[Alias("recsys.IModelMonitorGrain")]
public interface IModelMonitorGrain : IGrainWithStringKey
{
    [Alias("RecordServing")] Task RecordServingAsync(VersionServingDelta[] deltas);
    [Alias("RecordOutcomes")] Task RecordOutcomesAsync(OutcomeDelta[] outcomes);
    [Alias("Report"), Orleans.Concurrency.AlwaysInterleave] ValueTask<ModelReport> GetReportAsync();
}
