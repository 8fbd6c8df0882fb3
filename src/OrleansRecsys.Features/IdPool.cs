using System.Collections.Concurrent;

namespace OrleansRecsys.Features;

/// <summary>
/// One shared instance per item id and category string. Every user grain's recent-items list and category
/// affinities hold the same few thousand item and category ids; sharing the instances keeps a user grain's state to
/// its own data and lets equal ids compare by reference. Bounded: past <see cref="Capacity"/> distinct ids, new
/// ones are returned as they are.
/// </summary>
public static class IdPool
{
    public const int Capacity = 1_000_000;

    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

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

        shared = Pool.GetOrAdd(id, id);
        if (ReferenceEquals(shared, id))
        {
            Interlocked.Increment(ref _count);
        }

        return shared;
    }
}
