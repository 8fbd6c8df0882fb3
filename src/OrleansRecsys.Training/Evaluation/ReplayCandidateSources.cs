using OrleansRecsys.Features;
using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>
/// <see cref="ICandidateSources"/> over replayed history: popular lists ranked by the catalogue's popularity feature as
/// of a moment (what the grid's popularity grains rank by), over every item seen so far, and the replayed items'
/// co-visitation sketches. Lists are computed once per instance (one instance per held-out case).
/// </summary>
internal sealed class ReplayCandidateSources(HistoryReplay replay, FeatureDefinition popularity, long asOfMs) : ICandidateSources
{
    private Dictionary<string, (string ItemId, double Score)[]>? _byList;

    public ValueTask<PopularityEntry[]> PopularAsync(string key, int n)
    {
        var list = Lists().GetValueOrDefault(key) ?? [];
        var top = new PopularityEntry[Math.Min(n, list.Length)];
        for (var i = 0; i < top.Length; i++)
        {
            top[i] = new PopularityEntry(list[i].ItemId, list[i].Score, asOfMs);
        }

        return ValueTask.FromResult(top);
    }

    public ValueTask<CoVisitSketch?[]> CoVisitsAsync(string[] itemIds) =>
        ValueTask.FromResult(Array.ConvertAll(itemIds, id => replay.Item(id).CoVisits));

    /// <summary>Every known item by popularity, highest first (ties by id, as the popularity grain orders them), in the
    /// global list and in its category's.</summary>
    private Dictionary<string, (string ItemId, double Score)[]> Lists()
    {
        if (_byList is not null)
        {
            return _byList;
        }

        var scored = replay.KnownItems.Select(id => (ItemId: id, Score: FeatureEngine.ReadNumber(popularity, replay.Item(id), asOfMs)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.ItemId, StringComparer.Ordinal).ToArray();
        _byList = new Dictionary<string, (string, double)[]>(StringComparer.Ordinal) { [PopularityKeys.Global] = scored };
        if (replay.Catalog.ItemCategory is { } category)
        {
            foreach (var group in scored.GroupBy(x => replay.Item(x.ItemId).Labels.GetValueOrDefault(category.Name)).Where(g => g.Key is not null))
            {
                _byList[PopularityKeys.Category(group.Key!)] = group.ToArray();
            }
        }

        return _byList;
    }
}
