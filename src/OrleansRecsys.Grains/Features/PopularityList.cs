namespace OrleansRecsys.Grains.Features;

/// <summary>
/// The entries of one popularity list (the top items by decayed popularity) as <see cref="PopularityGrain"/> keeps and
/// persists them: newer reports of an item win, and past <see cref="Capacity"/> the weakest entries go. Plain logic,
/// tested without a cluster.
/// </summary>
[GenerateSerializer, Alias("recsys.PopularityList")]
internal sealed class PopularityList
{
    public const int Capacity = 1000;
    public static readonly double HalfLifeMs = TimeSpan.FromHours(1).TotalMilliseconds;

    [Id(0)] public Dictionary<string, PopularityEntry> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Takes the reports (an older report of an item than the one held is ignored) and keeps the strongest
    /// <see cref="Capacity"/> entries as of <paramref name="nowMs"/>; true when anything changed.</summary>
    public bool Merge(IEnumerable<PopularityEntry> reports, long nowMs)
    {
        var changed = false;
        foreach (var entry in reports)
        {
            if (!Entries.TryGetValue(entry.ItemId, out var old) || entry.AtMs >= old.AtMs)
            {
                Entries[entry.ItemId] = entry;
                changed = true;
            }
        }

        if (Entries.Count > Capacity)
        {
            foreach (var weak in Entries.Values.OrderBy(entry => DecayedTo(entry, nowMs)).Take(Entries.Count - Capacity).ToArray())
            {
                Entries.Remove(weak.ItemId);
            }
        }

        return changed;
    }

    /// <summary>The best <paramref name="n"/> entries, scored as of <paramref name="nowMs"/>.</summary>
    public PopularityEntry[] Top(int n, long nowMs) =>
        Entries.Values
            .Select(entry => new PopularityEntry(entry.ItemId, DecayedTo(entry, nowMs), nowMs))
            .OrderByDescending(entry => entry.Score).ThenBy(entry => entry.ItemId, StringComparer.Ordinal)
            .Take(Math.Clamp(n, 0, Capacity))
            .ToArray();

    /// <summary>An entry's score decayed from when it was reported to <paramref name="nowMs"/>: scores reported at
    /// different times are compared at one time, so the ranking is exact without rescanning item grains.</summary>
    private static double DecayedTo(PopularityEntry entry, long nowMs) => entry.Score * Math.Pow(2, -(nowMs - entry.AtMs) / HalfLifeMs);
}
