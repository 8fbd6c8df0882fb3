namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Top items by popularity (a 1-hour decayed sum of weighted interactions). Scores reported at different times
/// are compared at one time by decaying them, so the ranking is exact without rescanning item grains.
/// Kept in memory: it is rebuilt from the stream within minutes and needs no durability.
/// </summary>
internal sealed class PopularityGrain : Grain, IPopularityGrain
{
    public const int Capacity = 1000;
    public static readonly double HalfLifeMs = TimeSpan.FromHours(1).TotalMilliseconds;

    private readonly Dictionary<string, PopularityEntry> _entries = new(StringComparer.Ordinal);

    public Task UpdateAsync(PopularityEntry[] entries)
    {
        foreach (var entry in entries)
        {
            if (!_entries.TryGetValue(entry.ItemId, out var old) || entry.AtMs >= old.AtMs)
            {
                _entries[entry.ItemId] = entry;
            }
        }

        if (_entries.Count > Capacity)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var weak in _entries.Values.OrderBy(entry => DecayedTo(entry, now)).Take(_entries.Count - Capacity).ToArray())
            {
                _entries.Remove(weak.ItemId);
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask<PopularityEntry[]> TopAsync(int n)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var top = _entries.Values
            .Select(entry => new PopularityEntry(entry.ItemId, DecayedTo(entry, now), now))
            .OrderByDescending(entry => entry.Score).ThenBy(entry => entry.ItemId, StringComparer.Ordinal)
            .Take(Math.Clamp(n, 0, Capacity))
            .ToArray();
        return ValueTask.FromResult(top);
    }

    /// <summary>An entry's score decayed from when it was reported to <paramref name="nowMs"/>.</summary>
    private static double DecayedTo(PopularityEntry entry, long nowMs) => entry.Score * Math.Pow(2, -(nowMs - entry.AtMs) / HalfLifeMs);
}
