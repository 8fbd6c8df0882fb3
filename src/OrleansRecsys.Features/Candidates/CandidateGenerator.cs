using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Candidates;

/// <summary>
/// Recommend's candidates, for online recommend and batch precompute alike: co-visited items of the user's recent
/// items, then popular items of the user's strongest categories, then globally popular items, each source up to its
/// quota (<see cref="CandidateOptions.Quotas"/>), every item once, without what the caller excludes and what the user
/// has already seen (<see cref="CandidateOptions.ExcludeSeen"/>). Each candidate names its source.
/// </summary>
public sealed class CandidateGenerator(CandidateRules rules)
{
    public CandidateRules Rules => rules;

    public async ValueTask<Candidate[]> GenerateAsync(EntityState user, IReadOnlyCollection<string> exclude, ICandidateSources sources)
    {
        var quotas = rules.Options.Quotas;
        var blend = new CandidateBlend(Excluded(user, exclude), RequestLimits.MaxCandidates);
        if (quotas.CoVisitation > 0)
        {
            blend.Add(CandidateSources.CoVisitation, await CoVisitedAsync(user, sources), quotas.CoVisitation);
        }

        if (quotas.Category > 0)
        {
            blend.Add(CandidateSources.Category, await CategoryPopularAsync(user, sources, ListLength(quotas.Category)), quotas.Category);
        }

        if (quotas.Popular > 0)
        {
            var popular = await sources.PopularAsync(PopularityKeys.Global, ListLength(quotas.Popular));
            blend.Add(CandidateSources.Popular, popular.Select(entry => entry.ItemId), quotas.Popular);
        }

        return blend.ToArray();
    }

    /// <summary>How many items a popular list is asked for to fill <paramref name="quota"/>: room for the items it loses to
    /// exclusions and to earlier sources. The same for every user, so a batch shard reads each list once.</summary>
    public static int ListLength(int quota) => Math.Min(MaxPopularList, (2 * quota) + 100);

    /// <summary>The longest list a popularity grain keeps.</summary>
    public const int MaxPopularList = 1000;

    /// <summary>The caller's exclusions plus every item of the user's recent-item lists seen with one of the excluded event types.</summary>
    public HashSet<string> Excluded(EntityState user, IEnumerable<string> exclude)
    {
        var excluded = new HashSet<string>(exclude, StringComparer.Ordinal);
        foreach (var feature in rules.Catalog.UserFeatures)
        {
            if (feature.Aggregation != AggregationKind.LastNDistinct || feature.Key != "itemId" || !user.Recent.TryGetValue(feature.Name, out var recent))
            {
                continue;
            }

            foreach (var entry in recent)
            {
                if ((RecentKeys.TypesOf(entry, feature) & rules.SeenTypes) != 0)
                {
                    excluded.Add(entry.Key);
                }
            }
        }

        return excluded;
    }

    /// <summary>Co-visited items of the user's most recent items, scored by their co-visit counts, a more recent item's
    /// counts weighing more (1, 1/2, 1/3...), strongest first.</summary>
    private async ValueTask<IEnumerable<string>> CoVisitedAsync(EntityState user, ICandidateSources sources)
    {
        var recent = RecentItems(user, rules.Options.CoVisitation.FromRecentItems);
        if (recent.Length == 0)
        {
            return [];
        }

        var sketches = await sources.CoVisitsAsync(recent);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var r = 0; r < recent.Length; r++)
        {
            foreach (var (item, count) in sketches[r]?.Top(rules.Options.CoVisitation.TopN) ?? [])
            {
                scores[item] = scores.GetValueOrDefault(item) + ((double)count / (r + 1));
            }
        }

        return scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key);
    }

    /// <summary>The user's most recent distinct items, newest first.</summary>
    private string[] RecentItems(EntityState user, int count)
    {
        if (!user.Recent.TryGetValue(rules.RecentItems.Name, out var list))
        {
            return [];
        }

        var items = new string[Math.Min(count, list.Count)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = list[list.Count - 1 - i].Key;
        }

        return items;
    }

    /// <summary>The popular lists of the user's strongest categories, taken in turns (each category's first item, then
    /// each one's second...), so every category gets a share of the quota.</summary>
    private async ValueTask<IEnumerable<string>> CategoryPopularAsync(EntityState user, ICandidateSources sources, int wanted)
    {
        var categories = TopCategories(user, rules.Options.TopCategories);
        var lists = new List<PopularityEntry[]>(categories.Length);
        foreach (var category in categories)
        {
            lists.Add(await sources.PopularAsync(PopularityKeys.Category(category), wanted));
        }

        var interleaved = new List<string>();
        for (var rank = 0; lists.Any(list => rank < list.Length); rank++)
        {
            interleaved.AddRange(lists.Where(list => rank < list.Length).Select(list => list[rank].ItemId));
        }

        return interleaved;
    }

    /// <summary>The user's strongest categories by decayed weight, from the catalogue's keyed user feature over category.</summary>
    public string[] TopCategories(EntityState user, int count)
    {
        foreach (var feature in rules.Catalog.UserFeatures)
        {
            if (feature.Shape == ValueShape.Keyed && feature.Key == "category" && user.Keyed.TryGetValue(feature.Name, out var weights))
            {
                return weights.OrderByDescending(kv => kv.Value.Value * FeatureEngine.Decay(kv.Value.RefMs, user.LastEventMs, feature.HalfLifeMs))
                    .ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(count).Select(kv => kv.Key).ToArray();
            }
        }

        return [];
    }
}
