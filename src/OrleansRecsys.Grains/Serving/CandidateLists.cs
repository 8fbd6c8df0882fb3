using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Recommendation candidates for a user outside a request: the popular items of their top categories, then globally
/// popular items (<see cref="RecommendationCandidates"/>), with each popular list read once per instance. A batch work
/// item keeps one for its whole shard, so its users share the lists instead of asking the popularity grains per user.
/// </summary>
internal sealed class CandidateLists(IGrainFactory grains, FeatureCatalog catalog)
{
    private readonly Dictionary<string, Task<PopularityEntry[]>> _lists = new(StringComparer.Ordinal);

    /// <summary>The candidates for <paramref name="user"/> when <paramref name="k"/> are to be returned.</summary>
    public async Task<string[]> ForAsync(EntityState user, int k)
    {
        var lists = new List<PopularityEntry[]>();
        foreach (var category in RecommendationCandidates.TopCategories(catalog, user, RecommendationCandidates.TopCategoryCount))
        {
            lists.Add(await ListAsync(PopularityKeys.Category(category), RecommendationCandidates.PerCategory));
        }

        lists.Add(await ListAsync(PopularityKeys.Global, RecommendationCandidates.GlobalCount(k)));
        return RecommendationCandidates.Merge(lists, RecommendationCandidates.Excluded(user, []));
    }

    private Task<PopularityEntry[]> ListAsync(string key, int n)
    {
        if (!_lists.TryGetValue(key, out var list))
        {
            _lists[key] = list = grains.GetGrain<IPopularityGrain>(key).TopAsync(n).AsTask();
        }

        return list;
    }
}
