namespace OrleansRecsys;

/// <summary>
/// A key with the latest event time seen for it (last-N distinct lists). <see cref="Hash"/> is a stable hash of the
/// key, so scans compare integers and dereference a key string only on a hash match (state written before the
/// hash existed reads 0 there, which every scan treats as "compare the string").
/// </summary>
[GenerateSerializer, Alias("recsys.KeyTs")]
public struct KeyTs
{
    [Id(0)] public string Key;
    [Id(1)] public long TsMs;
    [Id(2)] public uint Hash;

    public KeyTs(string key, long tsMs)
        : this(key, tsMs, KeyHash(key))
    {
    }

    public KeyTs(string key, long tsMs, uint hash)
    {
        Key = key;
        TsMs = tsMs;
        Hash = hash;
    }

    /// <summary>Whether this entry holds <paramref name="key"/>, whose <see cref="KeyHash"/> is <paramref name="hash"/>.</summary>
    public readonly bool Is(string key, uint hash) =>
        (Hash == hash || Hash == 0) && string.Equals(Key, key, StringComparison.Ordinal);

    /// <summary>FNV-1a (32-bit) over the UTF-16 code units: stable across processes; never 0.</summary>
    public static uint KeyHash(string key)
    {
        var h = 2166136261u;
        foreach (var c in key)
        {
            h = (h ^ c) * 16777619u;
        }

        return h == 0 ? 1 : h;
    }
}
