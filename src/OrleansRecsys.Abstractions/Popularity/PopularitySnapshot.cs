namespace OrleansRecsys;

/// <summary>
/// The global popularity list as a caller last read it: what a caller (the HTTP API, the typed client) answers with
/// when the grid's own answer cannot arrive in time, without another grain call. Immutable; replaced whole.
/// </summary>
public sealed class PopularitySnapshot
{
    private readonly PopularityEntry[] _entries;
    private readonly Dictionary<string, double> _scores;

    private PopularitySnapshot(PopularityEntry[] entries, DateTimeOffset takenAt)
    {
        _entries = entries;
        TakenAt = takenAt;
        _scores = new Dictionary<string, double>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _scores.TryAdd(entry.ItemId, entry.Score);
        }
    }

    /// <summary>No list read yet: rank fallbacks keep the candidates' order (score 0), recommend fallbacks are empty.</summary>
    public static PopularitySnapshot Empty { get; } = new([], DateTimeOffset.MinValue);

    /// <summary>When the list was read; its scores are decayed to this time.</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>How many items the list holds.</summary>
    public int Count => _entries.Length;

    /// <param name="entries">Best first, as <see cref="IPopularityGrain.TopAsync"/> returns them.</param>
    public static PopularitySnapshot From(PopularityEntry[] entries, DateTimeOffset takenAt) => new(entries, takenAt);

    /// <summary>The <paramref name="k"/> best candidates by popularity (0 for an item not in the list), ties in candidate order.</summary>
    public RankedItem[] Rank(string[] candidates, int k)
    {
        var order = new ByScore[candidates.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = new ByScore(_scores.GetValueOrDefault(candidates[i]), i);
        }

        Array.Sort(order);
        var ranked = new RankedItem[Math.Min(k, candidates.Length)];
        for (var i = 0; i < ranked.Length; i++)
        {
            ranked[i] = new RankedItem(candidates[order[i].Index], order[i].Score);
        }

        return ranked;
    }

    /// <summary>The <paramref name="k"/> most popular items not in <paramref name="exclude"/>, best first.</summary>
    public RankedItem[] Top(int k, string[] exclude)
    {
        var excluded = exclude.Length == 0 ? null : new HashSet<string>(exclude, StringComparer.Ordinal);
        var top = new List<RankedItem>(Math.Min(k, _entries.Length));
        for (var i = 0; i < _entries.Length && top.Count < k; i++)
        {
            if (excluded is null || !excluded.Contains(_entries[i].ItemId))
            {
                top.Add(new RankedItem(_entries[i].ItemId, _entries[i].Score));
            }
        }

        return top.ToArray();
    }

    /// <summary>Score descending, ties in candidate order: a plain struct sort, no comparison closure per request.</summary>
    private readonly record struct ByScore(double Score, int Index) : IComparable<ByScore>
    {
        public int CompareTo(ByScore other)
        {
            var byScore = other.Score.CompareTo(Score);
            return byScore != 0 ? byScore : Index.CompareTo(other.Index);
        }
    }
}
