namespace OrleansRecsys;

/// <summary>
/// The batch precompute of one model (key: model name): one run at a time, split into one work item per activity shard,
/// its progress persisted so a run outlives the silo it started on (a reminder wakes the coordinator to resume it).
/// </summary>
[Alias("recsys.IBatchCoordinatorGrain")]
public interface IBatchCoordinatorGrain : IGrainWithStringKey
{
    [Alias("Start")] Task<BatchStartResult> StartAsync(BatchRunRequest request);

    /// <summary>The run with sequence <paramref name="sequence"/>, or null when this model has no such run (or it aged out of the history).</summary>
    [Alias("Run")] ValueTask<BatchRunStatus?> GetRunAsync(long sequence);

    /// <summary>The model's runs, newest first.</summary>
    [Alias("Runs")] ValueTask<BatchRunStatus[]> ListRunsAsync();
}
