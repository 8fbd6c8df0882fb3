using OrleansRecsys.Features.Candidates;

namespace OrleansRecsys.Grains.Serving;

/// <summary>Between candidates and a ranked answer, for online recommend and batch precompute alike.</summary>
internal static class RecommendedItems
{
    /// <summary>The candidates' item ids, in candidate order (what a rank request holds).</summary>
    public static string[] Ids(Candidate[] candidates)
    {
        var ids = new string[candidates.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = candidates[i].ItemId;
        }

        return ids;
    }

    /// <summary>The ranked items, each with the source of its candidate.</summary>
    public static RankedItem[] WithSources(RankedItem[] ranked, Candidate[] candidates)
    {
        var sources = new Dictionary<string, string>(candidates.Length, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            sources[candidate.ItemId] = candidate.Source;
        }

        return Array.ConvertAll(ranked, item => item with { Source = sources.GetValueOrDefault(item.ItemId) });
    }
}
