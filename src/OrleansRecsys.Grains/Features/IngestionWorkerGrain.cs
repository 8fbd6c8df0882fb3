using Orleans.Concurrency;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Fans a consumed batch out to the item grains, enriches user events with the categories they answer, then fans
/// out to the user grains. A stateless worker, so the consumer's call stays in its own silo.
/// </summary>
[StatelessWorker(1)]
internal sealed class IngestionWorkerGrain : Grain, IIngestionWorkerGrain
{
    public async Task<IngestOutcome> ApplyAsync(IngestWork work)
    {
        var itemTasks = new Task<ApplyResult>[work.ItemIds.Length];
        for (var i = 0; i < itemTasks.Length; i++)
        {
            itemTasks[i] = GrainFactory.GetGrain<IItemFeatureGrain>(work.ItemIds[i]).ApplyAsync(work.ItemBatches[i]).AsTask();
        }

        var items = await Task.WhenAll(itemTasks);
        var categories = new Dictionary<string, string>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Category is { } category)
            {
                categories[work.ItemIds[i]] = category;
            }
        }

        var userTasks = new Task<ApplyResult>[work.UserIds.Length];
        for (var user = 0; user < userTasks.Length; user++)
        {
            var enriched = WithCategories(work.UserEvents[user], categories);
            userTasks[user] = GrainFactory.GetGrain<IUserFeatureGrain>(work.UserIds[user]).ApplyAsync(new ApplyBatch(enriched, work.UserExpected[user])).AsTask();
        }

        return new IngestOutcome(items, await Task.WhenAll(userTasks));
    }

    /// <summary>User events with the category of their item, where the item grains answered one.</summary>
    private static SourcedEvent[] WithCategories(SourcedEvent[] events, Dictionary<string, string> categories)
    {
        var enriched = new SourcedEvent[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var sourced = events[i];
            enriched[i] = categories.TryGetValue(sourced.Interaction!.ItemId, out var category)
                ? sourced with { Interaction = sourced.Interaction with { Category = category } }
                : sourced;
        }

        return enriched;
    }
}
