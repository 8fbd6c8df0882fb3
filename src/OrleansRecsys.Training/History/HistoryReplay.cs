using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Training.History;

/// <summary>
/// Feature state rebuilt by replaying history through the serving <see cref="FeatureEngine"/>, one event at a time.
/// Between two calls to <see cref="Apply"/> the state is exactly what the grid held at that point of the stream,
/// so a vector built then holds nothing from a later event. Given <see cref="CandidateRules"/>, items also count
/// co-visits as the grid's ingestion does (the user's co-items decided on its state just before the event).
/// </summary>
public sealed class HistoryReplay(FeatureCatalog catalog, CandidateRules? candidates = null)
{
    private readonly FeatureEngine _engine = new(catalog);
    private readonly Dictionary<string, EntityState> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EntityState> _items = new(StringComparer.Ordinal);
    private readonly List<string> _itemIds = [];

    /// <summary>Every item seen so far, in the order first seen (what a sampler can draw from without looking ahead).</summary>
    public IReadOnlyList<string> KnownItems => _itemIds;

    public FeatureCatalog Catalog => catalog;

    /// <summary>Applies one event as ingestion does: the interaction carries the item's category to the user.</summary>
    public void Apply(HistoryEvent e)
    {
        if (e.Item is { } upsert)
        {
            _engine.ApplyItem(Item(upsert.ItemId), upsert);
            return;
        }

        var interaction = e.Interaction!;
        var item = Item(interaction.ItemId);
        var category = catalog.ItemCategory is { } c && item.Labels.TryGetValue(c.Name, out var label) ? label : null;
        var user = User(interaction.UserId);
        _engine.ApplyItem(item, interaction);
        if (candidates is not null && CoVisitation.CoItemsBefore(candidates, user, interaction) is { } coItems)
        {
            CoVisitation.Count(candidates, item, coItems);
        }

        _engine.ApplyUser(user, interaction with { Category = category });
    }

    public EntityState User(string userId)
    {
        if (!_users.TryGetValue(userId, out var state))
        {
            _users[userId] = state = new EntityState();
        }

        return state;
    }

    public EntityState Item(string itemId)
    {
        if (!_items.TryGetValue(itemId, out var state))
        {
            _items[itemId] = state = new EntityState();
            _itemIds.Add(itemId);
        }

        return state;
    }

    /// <summary>Rows for one user and several items as of <paramref name="asOfMs"/>, with the serving vector builder.</summary>
    public void Build(VectorBuilder builder, string userId, string[] itemIds, long asOfMs, float[] rows)
    {
        var items = new EntityState[itemIds.Length];
        for (var i = 0; i < itemIds.Length; i++)
        {
            items[i] = Item(itemIds[i]);
        }

        builder.Build(User(userId), itemIds, items, asOfMs, rows);
    }
}
