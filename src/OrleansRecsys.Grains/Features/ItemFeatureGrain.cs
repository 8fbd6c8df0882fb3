using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

/// <summary>Item features. Applying a batch answers with the item's category and popularity, which ingestion
/// uses to enrich user events and maintain popularity indexes.</summary>
internal sealed class ItemFeatureGrain(
    [PersistentState(StateNames.Item, StorageNames.Recsys)] IPersistentState<EntityState> state,
    FeatureEngine engine,
    CandidateRules candidates,
    IOptions<GridOptions> options,
    ILogger<ItemFeatureGrain> logger)
    : FeatureGrainBase(state, engine, options, logger), IItemFeatureStateGrain
{
    public const string PopularityFeature = "item_popularity_decay_1h";

    protected override bool LeaveWhenBlank => true;

    public ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch)
    {
        var result = ApplyCore(batch, Apply);
        var category = Engine.Catalog.ItemCategory is { } categoryFeature && State.Labels.TryGetValue(categoryFeature.Name, out var label) ? label : null;
        var popularity = Popularity(Engine.Catalog, State, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return ValueTask.FromResult(result with { Category = category, Popularity = popularity });
    }

    private void Apply(EntityState state, SourcedEvent sourced)
    {
        if (sourced.Upsert is not null)
        {
            Engine.ApplyItem(state, sourced.Upsert);
        }
        else
        {
            Engine.ApplyItem(state, sourced.Interaction!);
            if (sourced.CoItems is { } coItems)
            {
                CoVisitation.Count(candidates, state, coItems);
            }
        }
    }

    public ValueTask<BackfillOutcome> BackfillAsync(BackfillBatch batch) =>
        ValueTask.FromResult(BackfillCore(state => FeatureBackfill.ApplyItem(state, batch, Engine)));

    /// <summary>The item's decayed popularity feature, or its event count when the catalogue has no such feature.</summary>
    public static double Popularity(FeatureCatalog catalog, EntityState item, long asOfMs) =>
        catalog.TryGet(PopularityFeature, out var feature) ? FeatureEngine.ReadNumber(feature, item, asOfMs) : item.EventCount;

    public ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Snapshot(this.GetPrimaryKeyString(), State, EntityKind.Item, asOfMs));

    public ValueTask<FeatureRead> ReadFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Read(this.GetPrimaryKeyString(), State, EntityKind.Item, asOfMs));
}
