using System.Collections.ObjectModel;

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

/// <summary>The highest applied offset of one Kafka source (topic/partition).</summary>
[GenerateSerializer, Alias("recsys.SourceOffset")]
public struct SourceOffset
{
    [Id(0)] public string Source;
    [Id(1)] public long Offset;

    public SourceOffset(string source, long offset)
    {
        Source = source;
        Offset = offset;
    }
}

/// <summary>
/// Persisted aggregation state of one user or item. Cells are keyed by catalogue feature name so that a
/// catalogue change never misreads stored state. The watermarks hold the highest applied offset
/// per Kafka source (topic/partition): replays at or below it change nothing.
/// </summary>
[GenerateSerializer, Alias("recsys.EntityState")]
public sealed class EntityState
{
    [Id(0)] public long FirstSeenMs;
    [Id(1)] public long LastEventMs;
    [Id(2)] public long EventCount;
    [Id(3)] public Dictionary<string, Cell> Cells { get; set; } = new(StringComparer.Ordinal);
    // Maps most entities never use (items have no keyed or recent-list features, users no labels) stay null until
    // written: an empty dictionary is 80 bytes, and memory per active grain is a budget (docs/design.md). Readers get an
    // empty read-only map; writers go through the Writable* members.
    [Id(4)] private Dictionary<string, Dictionary<string, Cell>>? _keyed;
    [Id(5)] private Dictionary<string, List<KeyTs>>? _recent;
    [Id(6)] private Dictionary<string, Cell>? _labelTimes;
    [Id(7)] private Dictionary<string, string>? _labels;

    public IReadOnlyDictionary<string, Dictionary<string, Cell>> Keyed => (IReadOnlyDictionary<string, Dictionary<string, Cell>>?)_keyed ?? ReadOnlyDictionary<string, Dictionary<string, Cell>>.Empty;
    public IReadOnlyDictionary<string, List<KeyTs>> Recent => (IReadOnlyDictionary<string, List<KeyTs>>?)_recent ?? ReadOnlyDictionary<string, List<KeyTs>>.Empty;
    public IReadOnlyDictionary<string, Cell> LabelTimes => (IReadOnlyDictionary<string, Cell>?)_labelTimes ?? ReadOnlyDictionary<string, Cell>.Empty;
    public IReadOnlyDictionary<string, string> Labels => (IReadOnlyDictionary<string, string>?)_labels ?? ReadOnlyDictionary<string, string>.Empty;

    public Dictionary<string, Dictionary<string, Cell>> WritableKeyed => _keyed ??= new(StringComparer.Ordinal);
    public Dictionary<string, List<KeyTs>> WritableRecent => _recent ??= new(StringComparer.Ordinal);
    public Dictionary<string, Cell> WritableLabelTimes => _labelTimes ??= new(StringComparer.Ordinal);
    public Dictionary<string, string> WritableLabels => _labels ??= new(StringComparer.Ordinal);

    // Watermarks: one entry per Kafka partition the entity hears from (one for a user, a few for an item), so a small
    // array searched linearly (40 bytes for one source, against 200 for a dictionary). Id 8 held them as a
    // dictionary before; such state is read and converted on first use.
    [Id(8)] private Dictionary<string, long>? _legacyWatermarks;
    [Id(11)] private SourceOffset[]? _watermarks;

    /// <summary>A copy of the highest applied offset per source, as a dictionary (flush results, tests).</summary>
    public Dictionary<string, long> WatermarksSnapshot() => ToDictionary(WatermarkArray());

    /// <summary>A copy of the watermarks, as compact as they are stored.</summary>
    public SourceOffset[] CopyWatermarks() => WatermarkArray().ToArray();

    public static Dictionary<string, long> ToDictionary(SourceOffset[] watermarks)
    {
        var d = new Dictionary<string, long>(watermarks.Length, StringComparer.Ordinal);
        foreach (var so in watermarks)
        {
            d[so.Source] = so.Offset;
        }

        return d;
    }

    public bool TryGetWatermark(string source, out long offset)
    {
        foreach (var so in WatermarkArray())
        {
            if (string.Equals(so.Source, source, StringComparison.Ordinal))
            {
                offset = so.Offset;
                return true;
            }
        }

        offset = 0;
        return false;
    }

    /// <summary>Sets a source's watermark; a new source is stored with the instance given (callers pass a shared one).</summary>
    public void SetWatermark(string source, long offset)
    {
        var w = WatermarkArray();
        for (var i = 0; i < w.Length; i++)
        {
            if (string.Equals(w[i].Source, source, StringComparison.Ordinal))
            {
                w[i].Offset = offset;
                return;
            }
        }

        Array.Resize(ref _watermarks, w.Length + 1);
        _watermarks[w.Length] = new SourceOffset(source, offset);
    }

    private SourceOffset[] WatermarkArray()
    {
        if (_legacyWatermarks is { } legacy)
        {
            _watermarks = legacy.Select(kv => new SourceOffset(kv.Key, kv.Value)).ToArray();
            _legacyWatermarks = null;
        }

        return _watermarks ?? [];
    }

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
            _watermarks = CopyWatermarks(),
            RecentEventIds = (ulong[]?)RecentEventIds?.Clone(),
            RecentEventIdsNext = RecentEventIdsNext,
            _labelTimes = _labelTimes is null ? null : new Dictionary<string, Cell>(_labelTimes, StringComparer.Ordinal),
            _labels = _labels is null ? null : new Dictionary<string, string>(_labels, StringComparer.Ordinal),
        };
        foreach (var (k, v) in Keyed)
        {
            c.WritableKeyed[k] = new Dictionary<string, Cell>(v, StringComparer.Ordinal);
        }

        foreach (var (k, v) in Recent)
        {
            c.WritableRecent[k] = new List<KeyTs>(v);
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
