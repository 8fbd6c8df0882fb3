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
        var itemTasks = new Task<ApplyResult>[work.ItemIds.Length];
        for (var i = 0; i < itemTasks.Length; i++)
        {
            itemTasks[i] = GrainFactory.GetGrain<IItemFeatureStateGrain>(work.ItemIds[i]).ApplyAsync(work.ItemBatches[i]).AsTask();
        }

        var items = await Task.WhenAll(itemTasks);
        var categories = new Dictionary<string, string>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Category is { } c)
            {
                categories[work.ItemIds[i]] = c;
            }
        }

        var userTasks = new Task<ApplyResult>[work.UserIds.Length];
        for (var u = 0; u < userTasks.Length; u++)
        {
            var events = work.UserEvents[u];
            var enriched = new SourcedEvent[events.Length];
            for (var k = 0; k < events.Length; k++)
            {
                var e = events[k];
                enriched[k] = categories.TryGetValue(e.Interaction!.ItemId, out var category)
                    ? e with { Interaction = e.Interaction with { Category = category } }
                    : e;
            }

            userTasks[u] = GrainFactory.GetGrain<IUserFeatureStateGrain>(work.UserIds[u]).ApplyAsync(new ApplyBatch(enriched, work.UserExpected[u])).AsTask();
        }

        return new IngestOutcome(items, await Task.WhenAll(userTasks));
    }
}
