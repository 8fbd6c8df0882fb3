using Orleans.Concurrency;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Applies a consumed batch in three rounds: item upserts (every item answers its category), then user batches
/// enriched with those categories (each user decides which of its events are new), then item interactions, where
/// an event counts only if its user counted it. A stateless worker, so the consumer's call stays in its own silo.
/// </summary>
[StatelessWorker(1)]
internal sealed class IngestionWorkerGrain : Grain, IIngestionWorkerGrain
{
    public async Task<IngestOutcome> ApplyAsync(IngestWork work)
    {
        var split = work.Items.Select(SplitItemBatch).ToArray();
        var upserted = await ApplyToItemsAsync(work.Items, split.Select(s => s.Upserts).ToArray());
        var users = await ApplyToUsersAsync(work.Users, CategoriesByItem(work.Items, upserted));
        if (users.Any(u => u.LostState))
        {
            // The consumer rewinds: the lost user's events must not reach items before it decided about them.
            return new IngestOutcome(upserted, users);
        }

        var suppressed = SuppressedByUsers(work.Users, users);
        var coItems = CoItemsByEvent(work.Users, users);
        var interactions = split.Select(s => WithCoItems(s.Interactions, coItems) with { Suppressed = Suppressions(s.Interactions, suppressed) }).ToArray();
        var counted = await ApplyToItemsAsync(work.Items, interactions);
        return new IngestOutcome(upserted.Zip(counted, Combine).ToArray(), users);
    }

    /// <summary>An item's batch as two: its upserts, and its interactions (both carry the consumer's expectations).</summary>
    private static (ApplyBatch Upserts, ApplyBatch Interactions) SplitItemBatch(EntityBatch item) =>
        (item.Batch with { Events = item.Batch.Events.Where(e => e.Upsert is not null).ToArray() },
         item.Batch with { Events = item.Batch.Events.Where(e => e.Upsert is null).ToArray() });

    private async Task<ApplyResult[]> ApplyToItemsAsync(EntityBatch[] items, ApplyBatch[] batches)
    {
        var tasks = new Task<ApplyResult>[items.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = GrainFactory.GetGrain<IItemFeatureStateGrain>(items[i].Id).ApplyAsync(batches[i]).AsTask();
        }

        return await Task.WhenAll(tasks);
    }

    private async Task<ApplyResult[]> ApplyToUsersAsync(EntityBatch[] users, Dictionary<string, string> categories)
    {
        var tasks = new Task<ApplyResult>[users.Length];
        for (var u = 0; u < tasks.Length; u++)
        {
            tasks[u] = GrainFactory.GetGrain<IUserFeatureStateGrain>(users[u].Id).ApplyAsync(WithCategories(users[u].Batch, categories)).AsTask();
        }

        return await Task.WhenAll(tasks);
    }

    /// <summary>The events (by source and offset) whose user decided the item side must not count them.</summary>
    private static HashSet<(string Source, long Offset)> SuppressedByUsers(EntityBatch[] users, ApplyResult[] results)
    {
        var suppressed = new HashSet<(string, long)>();
        for (var u = 0; u < users.Length; u++)
        {
            var events = users[u].Batch.Events;
            var verdicts = results[u].Verdicts ?? [];
            for (var i = 0; i < verdicts.Length; i++)
            {
                if (verdicts[i] is EventVerdict.Duplicate or EventVerdict.OutsideHorizon)
                {
                    suppressed.Add((events[i].Source, events[i].Offset));
                }
            }
        }

        return suppressed;
    }

    /// <summary>The co-items each user decided for its applied events, by the event's source and offset.</summary>
    private static Dictionary<(string Source, long Offset), string[]> CoItemsByEvent(EntityBatch[] users, ApplyResult[] results)
    {
        var byEvent = new Dictionary<(string, long), string[]>();
        for (var u = 0; u < users.Length; u++)
        {
            var events = users[u].Batch.Events;
            var coItems = results[u].CoItems ?? [];
            for (var i = 0; i < coItems.Length; i++)
            {
                if (coItems[i] is { } items)
                {
                    byEvent[(events[i].Source, events[i].Offset)] = items;
                }
            }
        }

        return byEvent;
    }

    /// <summary>The item's interactions, each carrying the co-items its user decided (the item counts them with the event).</summary>
    private static ApplyBatch WithCoItems(ApplyBatch interactions, Dictionary<(string Source, long Offset), string[]> coItems)
    {
        if (coItems.Count == 0)
        {
            return interactions;
        }

        var events = new SourcedEvent[interactions.Events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var sourced = interactions.Events[i];
            events[i] = coItems.TryGetValue((sourced.Source, sourced.Offset), out var items) ? sourced with { CoItems = items } : sourced;
        }

        return interactions with { Events = events };
    }

    private static bool[]? Suppressions(ApplyBatch interactions, HashSet<(string Source, long Offset)> suppressed)
    {
        if (suppressed.Count == 0)
        {
            return null;
        }

        var flags = new bool[interactions.Events.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = suppressed.Contains((interactions.Events[i].Source, interactions.Events[i].Offset));
        }

        return flags;
    }

    /// <summary>One answer per item for the consumer: both rounds' counts, the newest category and popularity.</summary>
    private static ApplyResult Combine(ApplyResult upserts, ApplyResult interactions) => interactions with
    {
        Applied = upserts.Applied + interactions.Applied,
        Duplicates = upserts.Duplicates + interactions.Duplicates,
        LostState = upserts.LostState || interactions.LostState,
    };

    /// <summary>The category each item grain answered, by item id (items without one are left out).</summary>
    private static Dictionary<string, string> CategoriesByItem(EntityBatch[] itemBatches, ApplyResult[] results)
    {
        var categories = new Dictionary<string, string>(results.Length, StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Category is { } category)
            {
                categories[itemBatches[i].Id] = category;
            }
        }

        return categories;
    }

    /// <summary>The user batch with each event given the category of its item, where the item grains answered one.</summary>
    private static ApplyBatch WithCategories(ApplyBatch batch, Dictionary<string, string> categories)
    {
        var enriched = new SourcedEvent[batch.Events.Length];
        for (var i = 0; i < enriched.Length; i++)
        {
            var sourced = batch.Events[i];
            enriched[i] = categories.TryGetValue(sourced.Interaction!.ItemId, out var category)
                ? sourced with { Interaction = sourced.Interaction with { Category = category } }
                : sourced;
        }

        return batch with { Events = enriched };
    }
}
