using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Live features of one user (key: userId).</summary>
[Alias("recsys.IUserFeatureGrain")]
public interface IUserFeatureGrain : IGrainWithStringKey
{
    [Alias("Apply")] ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch);
    [Alias("Flush")] ValueTask<FlushResult> FlushAsync();
    [Alias("GetFeatures")] ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs);
    /// <summary>A copy of the state (the grain makes it; within a silo it is then handed over without another copy).</summary>
    [Alias("GetState")] ValueTask<Immutable<EntityState>> GetStateAsync();
}
