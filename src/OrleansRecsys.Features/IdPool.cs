namespace OrleansRecsys.Features;

/// <summary>
/// One shared instance per id the feature state keeps (item ids in recent lists, categories in affinities, labels).
/// Many user grains hold the same item and category ids, and each event or call brings a fresh copy of them (parsed
/// or deserialized); keeping the shared instance instead keeps a grain's memory to its own data. Process-wide, like the
/// strings it shares, and bounded by <see cref="ClockCache{TKey,TValue}"/>: past the capacity, ids not seen for a
/// while make room for new ones (item churn), so sharing follows the ids in use. Evicting an id costs no correctness:
/// grains keep their instance, and the next copy of that id simply becomes the shared one.
/// </summary>
internal static class IdPool
{
    public const int DefaultCapacity = 1_000_000;

    private static ClockCache<string, string> _pool = new(DefaultCapacity, StringComparer.Ordinal);
    private static long _evictedBeforeResize;

    public static int Capacity => Volatile.Read(ref _pool).Capacity;

    /// <summary>Ids evicted to make room since the process started.</summary>
    public static long Evictions => Interlocked.Read(ref _evictedBeforeResize) + Volatile.Read(ref _pool).Evictions;

    public static string Intern(string id) => Volatile.Read(ref _pool).GetOrAdd(id, id);

    /// <summary>Starts a pool of the configured size (at silo start, before feature state is applied). Ids pooled so far
    /// stay shared where grains hold them; new copies are pooled afresh.</summary>
    public static void Resize(int capacity)
    {
        if (capacity == Capacity)
        {
            return;
        }

        var old = Interlocked.Exchange(ref _pool, new ClockCache<string, string>(capacity, StringComparer.Ordinal));
        Interlocked.Add(ref _evictedBeforeResize, old.Evictions);
    }
}
