using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Candidates for recommend: popular items of the user's top categories, then globally popular items, without
/// what the caller excludes or the user already bought.
/// </summary>
internal static class RecommendationCandidates
{
    /// <summary>How many of the user's strongest categories contribute their popular items.</summary>
    public const int TopCategoryCount = 3;

    /// <summary>How many popular items each of those categories contributes.</summary>
    public const int PerCategory = 100;

    /// <summary>How many globally popular items are asked for: at least 200, and twice k.</summary>
    public static int GlobalCount(int k) => Math.Max(200, k * 2);

    /// <summary>The caller's exclusions plus every item in the user's recent purchase lists.</summary>
    public static HashSet<string> Excluded(EntityState user, IEnumerable<string> exclude)
    {
        var excluded = new HashSet<string>(exclude, StringComparer.Ordinal);
        foreach (var (name, recent) in user.Recent)
        {
            if (name.Contains("purchase", StringComparison.Ordinal))
            {
                foreach (var item in recent)
                {
                    excluded.Add(item.Key);
                }
            }
        }

        return excluded;
    }

    /// <summary>The user's strongest categories by decayed weight, from the catalogue's keyed user feature over category.</summary>
    public static string[] TopCategories(FeatureCatalog catalog, EntityState user, int count)
    {
        foreach (var feature in catalog.UserFeatures)
        {
            if (feature.Shape == ValueShape.Keyed && feature.Key == "category" && user.Keyed.TryGetValue(feature.Name, out var weights))
            {
                return weights.OrderByDescending(kv => kv.Value.Value * FeatureEngine.Decay(kv.Value.RefMs, user.LastEventMs, feature.HalfLifeMs))
                    .Take(count).Select(kv => kv.Key).ToArray();
            }
        }

        return [];
    }

    /// <summary>Popular lists merged in order, each item once, excluded items left out, cut at <see cref="RequestLimits.MaxCandidates"/>
    /// (what a rank request may hold).</summary>
    public static string[] Merge(IEnumerable<PopularityEntry[]> popularLists, HashSet<string> excluded)
    {
        var candidates = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in popularLists.SelectMany(list => list))
        {
            if (!excluded.Contains(entry.ItemId) && seen.Add(entry.ItemId))
            {
                candidates.Add(entry.ItemId);
            }
        }

        return candidates.Count > RequestLimits.MaxCandidates ? candidates.GetRange(0, RequestLimits.MaxCandidates).ToArray() : candidates.ToArray();
    }
}
