using System.Collections.Concurrent;

namespace OrleansRecsys.Features;

/// <summary>
/// One shared instance per id the feature state keeps (item ids in recent lists, categories in affinities, labels).
/// Many user grains hold the same item and category ids, and each event or call brings a fresh copy of them (parsed
/// or deserialized); keeping the shared instance instead keeps a grain's memory to its own data. Bounded: past
/// <see cref="Capacity"/> distinct ids, new ones are kept as they are. Ids are never evicted: a silo that sees more
/// than a million distinct ids over its life (item churn) stops sharing the newer ones, which costs memory, not
/// correctness.
/// </summary>
internal static class IdPool
{
    public const int Capacity = 1_000_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _count;

    public static string Intern(string id)
    {
        if (Pool.TryGetValue(id, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            return id;
        }

        if (Pool.TryAdd(id, id))
        {
            Interlocked.Increment(ref _count);
            return id;
        }

        return Pool.TryGetValue(id, out shared) ? shared : id;
    }
}
