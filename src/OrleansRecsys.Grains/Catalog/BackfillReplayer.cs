using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Catalog;

/// <summary>
/// Replays one chunk of one log partition into the live grains, in the order live ingestion uses: each user first (it
/// decides which of its events live ingestion counted, and computes its own new features), then the items, which follow
/// the users' decisions. Every grain reached is then flushed, so the chunk is durable before the backfill records it.
/// </summary>
internal sealed class BackfillReplayer(IGrainFactory grains, FeatureCatalog catalog)
{
    public async Task<BackfillChunkResult> ReplayAsync(string backfillId, int version, LogRange range, IReadOnlyList<LogRecord> records)
    {
        var events = ToSourcedEvents(range.Source, records);
        var byUser = GroupBy(events, e => e.Interaction!.UserId);
        var categories = await CategoriesAsync(version, events);
        var users = await Task.WhenAll(byUser.Select(group =>
            grains.GetGrain<IUserFeatureStateGrain>(group.Key).BackfillAsync(new BackfillBatch(backfillId, version, Enrich(group.Value, categories))).AsTask()));
        var notCounted = NotCounted(byUser, users);
        var byItem = GroupBy(events, e => e.Interaction!.ItemId);
        var items = await Task.WhenAll(byItem.Select(group =>
            grains.GetGrain<IItemFeatureStateGrain>(group.Key).BackfillAsync(new BackfillBatch(backfillId, version, group.Value, Suppressed(group.Value, notCounted))).AsTask()));
        await Task.WhenAll(byUser.Keys.Select(id => grains.GetGrain<IUserFeatureStateGrain>(id).FlushAsync().AsTask())
            .Concat(byItem.Keys.Select(id => grains.GetGrain<IItemFeatureStateGrain>(id).FlushAsync().AsTask())));
        return new BackfillChunkResult(records.Count, users.Sum(u => (long)u.Applied), items.Sum(i => (long)i.Applied));
    }

    private static SourcedEvent[] ToSourcedEvents(string source, IReadOnlyList<LogRecord> records)
    {
        var events = new List<SourcedEvent>(records.Count);
        foreach (var record in records)
        {
            if (record.Interaction is { } interaction)
            {
                events.Add(new SourcedEvent(source, record.Offset, interaction, null));
            }
        }

        return events.ToArray();
    }

    /// <summary>Events per key, each group in log order.</summary>
    private static Dictionary<string, SourcedEvent[]> GroupBy(SourcedEvent[] events, Func<SourcedEvent, string> key) =>
        events.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>The (source, offset) of every event a user judged live ingestion did not count.</summary>
    private static HashSet<long> NotCounted(Dictionary<string, SourcedEvent[]> byUser, BackfillOutcome[] outcomes)
    {
        var notCounted = new HashSet<long>();
        var u = 0;
        foreach (var events in byUser.Values)
        {
            var counted = outcomes[u++].Counted ?? [];
            for (var i = 0; i < counted.Length; i++)
            {
                if (!counted[i])
                {
                    notCounted.Add(events[i].Offset); // one partition per chunk: the offset names the event
                }
            }
        }

        return notCounted;
    }

    private static bool[]? Suppressed(SourcedEvent[] events, HashSet<long> notCounted) =>
        notCounted.Count == 0 ? null : events.Select(e => notCounted.Contains(e.Offset)).ToArray();

    /// <summary>
    /// The category of each item, when the version's user features group by category: live ingestion gave each event its
    /// item's category as the item grain then knew it; a backfill can only ask for the item's category now.
    /// </summary>
    private async Task<Dictionary<string, string>> CategoriesAsync(int version, SourcedEvent[] events)
    {
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        if (catalog.ItemCategory is not { } categoryFeature || !catalog.AddedBy(EntityKind.User, version).Any(f => f.Key == "category"))
        {
            return categories;
        }

        foreach (var item in events.Select(e => e.Interaction!.ItemId).Distinct(StringComparer.Ordinal))
        {
            var state = await grains.GetGrain<IItemFeatureStateGrain>(item).GetStateAsync();
            if (state.Value.Labels.TryGetValue(categoryFeature.Name, out var category))
            {
                categories[item] = category;
            }
        }

        return categories;
    }

    private static SourcedEvent[] Enrich(SourcedEvent[] events, Dictionary<string, string> categories) =>
        categories.Count == 0
            ? events
            : events.Select(e => categories.TryGetValue(e.Interaction!.ItemId, out var category) ? e with { Interaction = e.Interaction with { Category = category } } : e).ToArray();
}
