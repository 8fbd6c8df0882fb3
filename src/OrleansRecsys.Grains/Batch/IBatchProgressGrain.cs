namespace OrleansRecsys.Grains.Batch;

/// <summary>The grid-internal side of a model's batch coordinator (same grain and key as <see cref="IBatchCoordinatorGrain"/>): work items
/// report here, and each silo's <see cref="BatchScheduler"/> sets the schedule up here.</summary>
[Alias("recsys.IBatchProgressGrain")]
internal interface IBatchProgressGrain : IBatchCoordinatorGrain
{
    /// <summary>Records a finished work item; a report for another run or for an item already counted changes nothing.</summary>
    [Alias("ShardDone")] Task ShardDoneAsync(BatchShardResult result);

    /// <summary>Makes the model's schedule reminder match the calling silo's <see cref="BatchScheduleOptions"/>: registers
    /// it when missing or of another period, removes it when none is configured, and leaves a matching one alone.</summary>
    [Alias("EnsureSchedule")] Task EnsureScheduleAsync();
}
