using System.Runtime.InteropServices;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>
/// Last-N-distinct lists: the <see cref="FeatureDefinition.MaxRecent"/> most recent distinct keys. A list stays ordered
/// by event time (oldest first), so the usual in-order event appends, the oldest entry is at index 0, and a scan from
/// the end meets repeats early.
/// </summary>
internal static class RecentKeys
{
    public static void Add(EntityState state, FeatureDefinition feature, string key, long tsMs, InteractionType type)
    {
        var list = ListFor(state, feature.Name);
        var hash = RecentKey.KeyHash(key);
        var types = (byte)(1 << (int)type);
        if (!RemoveOlderEntry(list, key, hash, tsMs, LegacyTypes(feature), ref types) || !MakeRoom(list, feature.MaxRecent, tsMs))
        {
            return;
        }

        InsertInTimeOrder(list, new RecentKey(IdPool.Intern(key), tsMs, hash) { Types = types });
    }

    /// <summary>The interaction types an entry stands for: its own bits, or for an entry stored before entries had them,
    /// every type the list's feature accepts.</summary>
    public static byte TypesOf(in RecentKey entry, FeatureDefinition feature) => entry.Types != 0 ? entry.Types : LegacyTypes(feature);

    private static byte LegacyTypes(FeatureDefinition feature) => feature.EventTypeMask == 0 ? AllTypes : (byte)feature.EventTypeMask;

    private const byte AllTypes = 0b1111;

    /// <summary>The event time the list holds for <paramref name="key"/>, if it holds the key.</summary>
    public static bool TryFindTime(List<RecentKey> list, string key, out long tsMs)
    {
        var hash = RecentKey.KeyHash(key);
        foreach (var entry in CollectionsMarshal.AsSpan(list))
        {
            if (entry.Is(key, hash))
            {
                tsMs = entry.LastSeenMs;
                return true;
            }
        }

        tsMs = 0;
        return false;
    }

    private static List<RecentKey> ListFor(EntityState state, string name)
    {
        if (!state.Recent.TryGetValue(name, out var list))
        {
            list = new List<RecentKey>(4);
            state.WritableRecent[name] = list;
        }
        else if (list.Count > 0 && list[0].Hash == 0)
        {
            UpgradeStoredList(list);
        }

        return list;
    }

    /// <summary>
    /// Removes the key's entry if it is older than <paramref name="tsMs"/>, adding its types to <paramref name="types"/>
    /// for the entry that replaces it; false if the entry is as new or newer (it only takes the new event's type).
    /// </summary>
    private static bool RemoveOlderEntry(List<RecentKey> list, string key, uint hash, long tsMs, byte legacyTypes, ref byte types)
    {
        var entries = CollectionsMarshal.AsSpan(list);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if (entries[i].Is(key, hash))
            {
                var stored = entries[i].Types != 0 ? entries[i].Types : legacyTypes;
                if (tsMs <= entries[i].LastSeenMs)
                {
                    entries[i].Types = (byte)(stored | types);
                    return false;
                }

                types |= stored;
                list.RemoveAt(i);
                return true;
            }
        }

        return true;
    }

    /// <summary>
    /// A full list lets its oldest entry go, unless the new one is older still (then it is not among the newest N:
    /// false). Lists grow by half up to exactly N: they are most of a user grain's memory.
    /// </summary>
    private static bool MakeRoom(List<RecentKey> list, int maxRecent, long tsMs)
    {
        if (list.Count >= maxRecent)
        {
            if (tsMs < list[0].LastSeenMs)
            {
                return false;
            }

            list.RemoveRange(0, list.Count - maxRecent + 1);
        }
        else if (list.Count == list.Capacity)
        {
            list.Capacity = Math.Min(maxRecent, Math.Max(4, list.Capacity + (list.Capacity / 2)));
        }

        return true;
    }

    /// <summary>Inserts after every entry at or before the new one's time (ties keep arrival order).</summary>
    private static void InsertInTimeOrder(List<RecentKey> list, RecentKey entry)
    {
        var at = list.Count;
        while (at > 0 && list[at - 1].LastSeenMs > entry.LastSeenMs)
        {
            at--;
        }

        list.Insert(at, entry);
    }

    /// <summary>State stored before lists were kept in time order with hashes: order it (stably) and hash it once.</summary>
    private static void UpgradeStoredList(List<RecentKey> list)
    {
        var upgraded = list.Select((entry, index) => (Entry: new RecentKey(entry.Key, entry.LastSeenMs) { Types = entry.Types }, Index: index))
            .OrderBy(x => x.Entry.LastSeenMs).ThenBy(x => x.Index).Select(x => x.Entry).ToArray();
        list.Clear();
        list.AddRange(upgraded);
    }
}
