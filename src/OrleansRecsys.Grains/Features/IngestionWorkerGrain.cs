using Orleans.Concurrency;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

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
        var itemTasks = new Task<ApplyResult>[work.Items.Length];
        for (var i = 0; i < itemTasks.Length; i++)
        {
            itemTasks[i] = GrainFactory.GetGrain<IItemFeatureStateGrain>(work.Items[i].Id).ApplyAsync(work.Items[i].Batch).AsTask();
        }

        var items = await Task.WhenAll(itemTasks);
        var categories = CategoriesByItem(work.Items, items);
        var userTasks = new Task<ApplyResult>[work.Users.Length];
        for (var u = 0; u < userTasks.Length; u++)
        {
            var user = work.Users[u];
            userTasks[u] = GrainFactory.GetGrain<IUserFeatureStateGrain>(user.Id).ApplyAsync(WithCategories(user.Batch, categories)).AsTask();
        }

        return new IngestOutcome(items, await Task.WhenAll(userTasks));
    }

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
