namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// Applies a consumed batch from inside the silo's grain runtime (key 0, one per silo): grain-to-grain fan-out is
/// much cheaper than calls from a plain thread.
/// </summary>
[Alias("recsys.IIngestionWorkerGrain")]
internal interface IIngestionWorkerGrain : IGrainWithIntegerKey
{
    [Alias("Apply")] Task<IngestOutcome> ApplyAsync(IngestWork work);
}
