using Orleans.Concurrency;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// The grid-internal side of an item's feature grain (same grain, same key as <see cref="IItemFeatureGrain"/>):
/// ingestion applies batches and flushes, serving reads the whole state.
/// </summary>
[Alias("recsys.IItemFeatureStateGrain")]
internal interface IItemFeatureStateGrain : IItemFeatureGrain
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
