using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains;

/// <summary>Item features. Applying a batch answers with the item's category and popularity, which ingestion
/// uses to enrich user events and maintain popularity indexes.</summary>
public sealed class ItemFeatureGrain(
    [PersistentState(StateNames.Item, StorageNames.Recsys)] IPersistentState<EntityState> state,
    FeatureEngine engine,
    IOptions<GridOptions> options,
    ILogger<ItemFeatureGrain> logger)
    : FeatureGrainBase(state, engine, options, logger), IItemFeatureGrain
{
    public const string PopularityFeature = "item_popularity_decay_1h";

    public ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch)
    {
        var result = ApplyCore(batch, Apply, null, 0);
        var category = Engine.Catalog.ItemCategory is { } c && State.Labels.TryGetValue(c.Name, out var cat) ? cat : null;
        var popularity = Popularity(Engine.Catalog, State, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return ValueTask.FromResult(result with { Category = category, Popularity = popularity });
    }

    private void Apply(EntityState s, SourcedEvent e)
    {
        if (e.Upsert is not null)
        {
            Engine.ApplyItem(s, e.Upsert);
        }
        else
        {
            Engine.ApplyItem(s, e.Interaction!);
        }
    }

    public static double Popularity(FeatureCatalog catalog, EntityState s, long asOfMs) =>
        catalog.TryGet(PopularityFeature, out var f) ? FeatureEngine.ReadNumber(f, s, asOfMs) : s.EventCount;

    public ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs) =>
        ValueTask.FromResult(Engine.Snapshot(this.GetPrimaryKeyString(), State, EntityKind.Item, asOfMs));
}
