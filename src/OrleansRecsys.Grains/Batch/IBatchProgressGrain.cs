namespace OrleansRecsys.Grains.Batch;

/// <summary>The grid-internal side of a model's batch coordinator (same grain and key as <see cref="IBatchCoordinatorGrain"/>): work items report here.</summary>
[Alias("recsys.IBatchProgressGrain")]
internal interface IBatchProgressGrain : IBatchCoordinatorGrain
{
    /// <summary>Records a finished work item; a report for another run or for an item already counted changes nothing.</summary>
    [Alias("ShardDone")] Task ShardDoneAsync(BatchShardResult result);
}
