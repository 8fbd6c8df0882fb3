using Orleans.Concurrency;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// The grid-internal side of a user's feature grain (same grain, same key as <see cref="IUserFeatureGrain"/>):
/// ingestion applies batches and flushes, serving reads the whole state.
/// </summary>
[Alias("recsys.IUserFeatureStateGrain")]
internal interface IUserFeatureStateGrain : IUserFeatureGrain
{
    [Alias("Apply")] ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch);

    /// <summary>Computes the features catalogue version <c>batch.Since</c> added from replayed events (an online backfill).</summary>
    [Alias("Backfill")] ValueTask<BackfillOutcome> BackfillAsync(BackfillBatch batch);

    /// <summary>Writes dirty state and answers with the watermarks the stored state covers. Interleaves: applies and
    /// reads go on while the write is in flight (it writes a snapshot taken when it started).</summary>
    [Alias("Flush"), AlwaysInterleave] ValueTask<FlushResult> FlushAsync();

    /// <summary>A copy of the state (the grain makes it; within a silo it is then handed over without another copy).</summary>
    [Alias("GetState")] ValueTask<Immutable<EntityState>> GetStateAsync();
}
