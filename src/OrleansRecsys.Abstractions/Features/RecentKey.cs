namespace OrleansRecsys;

/// <summary>
/// An entry of a recent-keys list (last-N distinct items, categories...): a key with the latest event time seen
/// for it. Stored in feature state and returned in <see cref="FeatureSnapshot.Recent"/>.
/// </summary>
[GenerateSerializer, Alias("recsys.KeyTs")]
public struct RecentKey
{
    [Id(0)] public string Key;
    [Id(1)] public long LastSeenMs;

    // A stable hash of the key, so scans compare integers and dereference a key string only on a hash match
    // (state written before the hash existed reads 0 here, which every scan treats as "compare the string").
    [Id(2)] internal uint Hash;

    // The interaction types seen with the key, one bit per InteractionType value, so a reader can tell a viewed item
    // from a bought one without a list per type. Costs nothing: it fills the padding after Hash. State written before
    // it existed reads 0, which readers treat as "the types the list's feature accepts".
    [Id(3)] internal byte Types;

    public RecentKey(string key, long lastSeenMs)
        : this(key, lastSeenMs, KeyHash(key))
    {
    }

    internal RecentKey(string key, long lastSeenMs, uint hash)
    {
        Key = key;
        LastSeenMs = lastSeenMs;
        Hash = hash;
    }

    /// <summary>Whether this entry holds <paramref name="key"/>, whose <see cref="KeyHash"/> is <paramref name="hash"/>.</summary>
    internal readonly bool Is(string key, uint hash) =>
        (Hash == hash || Hash == 0) && string.Equals(Key, key, StringComparison.Ordinal);

    /// <summary>FNV-1a (32-bit) over the UTF-16 code units: stable across processes; never 0.</summary>
    internal static uint KeyHash(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash == 0 ? 1 : hash;
    }
}
