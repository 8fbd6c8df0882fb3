namespace OrleansRecsys;

/// <summary>One aggregation cell: a value and the event time it refers to (for decay, last, first).</summary>
[GenerateSerializer, Alias("recsys.Cell")]
public struct Cell
{
    [Id(0)] public double V;
    [Id(1)] public long RefMs;

    public Cell(double v, long refMs)
    {
        V = v;
        RefMs = refMs;
    }
}

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

/// <summary>
/// Persisted aggregation state of one user or item. Cells are keyed by catalogue feature name so that a
/// catalogue change never misreads stored state. <see cref="Watermarks"/> holds the highest applied offset
/// per Kafka source (topic/partition): replays at or below it change nothing.
/// </summary>
[GenerateSerializer, Alias("recsys.EntityState")]
public sealed class EntityState
{
    [Id(0)] public long FirstSeenMs;
    [Id(1)] public long LastEventMs;
    [Id(2)] public long EventCount;
    [Id(3)] public Dictionary<string, Cell> Cells { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public Dictionary<string, Dictionary<string, Cell>> Keyed { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public Dictionary<string, List<KeyTs>> Recent { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, Cell> LabelTimes { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);
    [Id(8)] public Dictionary<string, long> Watermarks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Hashes of the most recent event ids (a ring), so a re-produced event at a new offset counts once.</summary>
    [Id(9)] public ulong[]? RecentEventIds { get; set; }
    [Id(10)] public int RecentEventIdsNext { get; set; }

    public bool IsEmpty => EventCount == 0;

    /// <summary>A deep copy, used where a snapshot must not change under the reader.</summary>
    public EntityState Clone()
    {
        var c = new EntityState
        {
            FirstSeenMs = FirstSeenMs,
            LastEventMs = LastEventMs,
            EventCount = EventCount,
            Cells = new Dictionary<string, Cell>(Cells, StringComparer.Ordinal),
            LabelTimes = new Dictionary<string, Cell>(LabelTimes, StringComparer.Ordinal),
            Labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal),
            Watermarks = new Dictionary<string, long>(Watermarks, StringComparer.Ordinal),
            RecentEventIds = (ulong[]?)RecentEventIds?.Clone(),
            RecentEventIdsNext = RecentEventIdsNext,
        };
        foreach (var (k, v) in Keyed)
        {
            c.Keyed[k] = new Dictionary<string, Cell>(v, StringComparer.Ordinal);
        }

        foreach (var (k, v) in Recent)
        {
            c.Recent[k] = new List<KeyTs>(v);
        }

        return c;
    }
}

/// <summary>Features of one entity as of a time, as the read API returns them.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FeatureSnapshot")]
public sealed record FeatureSnapshot(
    string Id,
    long AsOfMs,
    long? LastEventMs,
    Dictionary<string, double> Numbers,
    Dictionary<string, string> Labels,
    Dictionary<string, Dictionary<string, double>> Keyed,
    Dictionary<string, KeyTs[]> Recent);
