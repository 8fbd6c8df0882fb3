using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Training;

/// <summary>
/// The grid's feature state rebuilt in memory by the grid's own <see cref="FeatureEngine"/>: events and item upserts are
/// applied in the order they arrive, and vectors are built by the grid's <see cref="VectorBuilder"/>, as a ranking would.
/// </summary>
internal sealed class FeatureReplay(FeatureCatalog catalog, string[] features)
{
    private readonly FeatureEngine _engine = new(catalog);
    private readonly Dictionary<string, EntityState> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EntityState> _items = new(StringComparer.Ordinal);

    public VectorBuilder Builder { get; } = VectorBuilder.Create(catalog, features);

    public void Apply(IReadOnlyList<ItemUpsert> upserts)
    {
        foreach (var upsert in upserts)
        {
            _engine.ApplyItem(Item(upsert.ItemId), upsert);
        }
    }

    /// <summary>Applies interactions to their item and user, the user's copy enriched with the item's category as ingestion does.</summary>
    public void Apply(IReadOnlyList<Interaction> events)
    {
        foreach (var e in events)
        {
            var item = Item(e.ItemId);
            var category = catalog.ItemCategory is { } c && item.Labels.TryGetValue(c.Name, out var label) ? label : null;
            _engine.ApplyItem(item, e);
            _engine.ApplyUser(User(e.UserId), e with { Category = category });
        }
    }

    /// <summary>The vector a ranking of <paramref name="itemId"/> for <paramref name="userId"/> would score at <paramref name="asOfMs"/>.</summary>
    public float[] Vector(string userId, string itemId, long asOfMs)
    {
        var row = new float[Builder.Width];
        Builder.Build(User(userId), [itemId], [Item(itemId)], asOfMs, row);
        return row;
    }

    private EntityState User(string id) => _users.TryGetValue(id, out var state) ? state : _users[id] = new EntityState();

    private EntityState Item(string id) => _items.TryGetValue(id, out var state) ? state : _items[id] = new EntityState();
}
