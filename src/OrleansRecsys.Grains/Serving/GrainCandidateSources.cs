using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.Features;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// <see cref="ICandidateSources"/> in the grid: popular lists from the popularity grains, each read once per instance,
/// and co-visitation sketches from the silo's item replica (the states rank reads). Recommend makes one per request; a
/// batch work item keeps one for its whole shard, so its users share the popular lists.
/// </summary>
internal sealed class GrainCandidateSources(IGrainFactory grains, ItemFeatureCache items) : ICandidateSources
{
    private readonly Dictionary<(string Key, int N), Task<PopularityEntry[]>> _lists = [];

    public async ValueTask<PopularityEntry[]> PopularAsync(string key, int n)
    {
        Task<PopularityEntry[]>? list;
        lock (_lists)
        {
            // Batch users of one shard ask concurrently; the lock only guards the dictionary, never an await.
            if (!_lists.TryGetValue((key, n), out list))
            {
                _lists[(key, n)] = list = grains.GetGrain<IPopularityGrain>(key).TopAsync(n).AsTask();
            }
        }

        return await list;
    }

    public async ValueTask<CoVisitSketch?[]> CoVisitsAsync(string[] itemIds)
    {
        var states = new EntityState[itemIds.Length];
        await items.GetManyAsync(itemIds, states);
        return states.Select(state => state?.CoVisits).ToArray();
    }
}
