namespace OrleansRecsys.Grains;

/// <summary>
/// Top items by popularity (a 1-hour decayed sum of weighted interactions). Scores reported at different times
/// are compared at one time by decaying them, so the ranking is exact without rescanning item grains.
/// Kept in memory: it is rebuilt from the stream within minutes and needs no durability.
/// </summary>
public sealed class PopularityGrain : Grain, IPopularityGrain
{
    public const int Capacity = 1000;
    public static readonly double HalfLifeMs = TimeSpan.FromHours(1).TotalMilliseconds;

    private readonly Dictionary<string, PopularityEntry> _entries = new(StringComparer.Ordinal);

    public Task UpdateAsync(PopularityEntry[] entries)
    {
        foreach (var e in entries)
        {
            if (!_entries.TryGetValue(e.ItemId, out var old) || e.AtMs >= old.AtMs)
            {
                _entries[e.ItemId] = e;
            }
        }

        if (_entries.Count > Capacity)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var weak in _entries.Values.OrderBy(e => At(e, now)).Take(_entries.Count - Capacity).ToArray())
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
            .Select(e => new PopularityEntry(e.ItemId, At(e, now), now))
            .OrderByDescending(e => e.Score).ThenBy(e => e.ItemId, StringComparer.Ordinal)
            .Take(Math.Clamp(n, 0, Capacity))
            .ToArray();
        return ValueTask.FromResult(top);
    }

    private static double At(PopularityEntry e, long nowMs) => e.Score * Math.Pow(2, -(nowMs - e.AtMs) / HalfLifeMs);
}
