namespace OrleansRecsys;

/// <summary>
/// Online backfills (singleton, key 0): one at a time, each replaying a time range of the interaction log into the live
/// feature grains for the features one catalogue version added. Progress is persisted as it goes, and a reminder resumes
/// a backfill whose silo went away.
/// </summary>
[Alias("recsys.IFeatureBackfillGrain")]
public interface IFeatureBackfillGrain : IGrainWithIntegerKey
{
    [Alias("Start")] Task<BackfillStartResult> StartAsync(BackfillRequest request);

    /// <summary>The backfill with this id, or null.</summary>
    [Alias("Get")] ValueTask<BackfillStatus?> GetAsync(string id);

    /// <summary>Every backfill kept, newest first.</summary>
    [Alias("List")] ValueTask<BackfillStatus[]> ListAsync();
}
