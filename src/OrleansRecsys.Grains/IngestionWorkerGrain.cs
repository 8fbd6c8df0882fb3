using Orleans.Concurrency;

namespace OrleansRecsys.Grains;

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

    private static ApplyBatch WithCategories(ApplyBatch batch, Dictionary<string, string> categories)
    {
        var enriched = new SourcedEvent[batch.Events.Length];
        for (var k = 0; k < enriched.Length; k++)
        {
            var e = batch.Events[k];
            enriched[k] = categories.TryGetValue(e.Interaction!.ItemId, out var category)
                ? e with { Interaction = e.Interaction with { Category = category } }
                : e;
        }

        return batch with { Events = enriched };
    }
}
