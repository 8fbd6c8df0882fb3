namespace OrleansRecsys.Grains.Batch;

/// <summary>Runs one work item of a batch run (key: <see cref="BatchShardWork.WorkerKey"/>) and reports to the model's coordinator.</summary>
[Alias("recsys.IBatchShardWorkerGrain")]
internal interface IBatchShardWorkerGrain : IGrainWithStringKey
{
    /// <summary>Starts the item and returns at once. Idempotent: an item running or done is not started again (a done
    /// item reports its result again, in case the first report was lost).</summary>
    [Alias("Start")] Task StartAsync(BatchShardWork work);
}
