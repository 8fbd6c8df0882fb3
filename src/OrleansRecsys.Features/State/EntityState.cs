using System.Collections.ObjectModel;

namespace OrleansRecsys.Features.State;

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
    [Id(3)] internal Dictionary<string, Cell> Cells { get; set; } = new(StringComparer.Ordinal);
    // Maps most entities never use (items have no keyed or recent-list features, users no labels) stay null until
    // written: an empty dictionary is 80 bytes, and memory per active grain is a budget. Readers get an
    // empty read-only map; writers go through the Writable* members. Label times (id 6) hold when each label was
    // set, so an older event never overwrites a newer label.
    [Id(4)] private Dictionary<string, Dictionary<string, Cell>>? _keyed;
    [Id(5)] private Dictionary<string, List<RecentKey>>? _recent;
    [Id(6)] private Dictionary<string, Cell>? _labelTimes;
    [Id(7)] private Dictionary<string, string>? _labels;

    internal IReadOnlyDictionary<string, Dictionary<string, Cell>> Keyed => (IReadOnlyDictionary<string, Dictionary<string, Cell>>?)_keyed ?? ReadOnlyDictionary<string, Dictionary<string, Cell>>.Empty;
    public IReadOnlyDictionary<string, List<RecentKey>> Recent => (IReadOnlyDictionary<string, List<RecentKey>>?)_recent ?? ReadOnlyDictionary<string, List<RecentKey>>.Empty;
    public IReadOnlyDictionary<string, string> Labels => (IReadOnlyDictionary<string, string>?)_labels ?? ReadOnlyDictionary<string, string>.Empty;

    /// <summary>When a label was last set (its event time), without creating the map for an entity that has none.</summary>
    internal bool TryGetLabelTime(string name, out long changedMs)
    {
        if (_labelTimes is not null && _labelTimes.TryGetValue(name, out var time))
        {
            changedMs = time.RefMs;
            return true;
        }

        changedMs = 0;
        return false;
    }

    internal Dictionary<string, Dictionary<string, Cell>> WritableKeyed => _keyed ??= new(StringComparer.Ordinal);
    internal Dictionary<string, List<RecentKey>> WritableRecent => _recent ??= new(StringComparer.Ordinal);
    internal Dictionary<string, Cell> WritableLabelTimes => _labelTimes ??= new(StringComparer.Ordinal);
    internal Dictionary<string, string> WritableLabels => _labels ??= new(StringComparer.Ordinal);

    // Watermarks: one entry per Kafka partition the entity hears from (one for a user, a few for an item), so a small
    // array searched linearly (40 bytes for one source, against 200 for a dictionary). Id 8 held them as a
    // dictionary before; such state is read and converted on first use.
    [Id(8)] private Dictionary<string, long>? _legacyWatermarks;
    [Id(11)] private SourceOffset[]? _watermarks;

    /// <summary>Whether nothing was ever applied to this entity (every applied event leaves a watermark): an id the grid
    /// has not seen, or one not ingested yet.</summary>
    internal bool IsBlank => WatermarkArray().Length == 0 && EventCount == 0 && Cells.Count == 0 && _labels is null;

    /// <summary>A copy of the highest applied offset per source, as a dictionary (flush results, tests).</summary>
    internal Dictionary<string, long> WatermarksSnapshot() => ToDictionary(WatermarkArray());

    /// <summary>A copy of the watermarks, as compact as they are stored.</summary>
    internal SourceOffset[] CopyWatermarks() => WatermarkArray().ToArray();

    internal static Dictionary<string, long> ToDictionary(SourceOffset[] watermarks)
    {
        var bySource = new Dictionary<string, long>(watermarks.Length, StringComparer.Ordinal);
        foreach (var watermark in watermarks)
        {
            bySource[watermark.Source] = watermark.Offset;
        }

        return bySource;
    }

    internal bool TryGetWatermark(string source, out long offset)
    {
        foreach (var watermark in WatermarkArray())
        {
            if (string.Equals(watermark.Source, source, StringComparison.Ordinal))
            {
                offset = watermark.Offset;
                return true;
            }
        }

        offset = 0;
        return false;
    }

    /// <summary>Sets a source's watermark; a new source is stored with the instance given (callers pass a shared one).</summary>
    internal void SetWatermark(string source, long offset)
    {
        var watermarks = WatermarkArray();
        for (var i = 0; i < watermarks.Length; i++)
        {
            if (string.Equals(watermarks[i].Source, source, StringComparison.Ordinal))
            {
                watermarks[i].Offset = offset;
                return;
            }
        }

        Array.Resize(ref _watermarks, watermarks.Length + 1);
        _watermarks[watermarks.Length] = new SourceOffset(source, offset);
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

    // Ids 9 and 10 held a ring of the last 32 event ids; the ledger replaced it, and such state reads without it.

    /// <summary>A user's applied event ids within the de-duplication horizon (null for items and users without events).</summary>
    [Id(12)] internal EventIdLedger? EventIds { get; set; }

    /// <summary>An item's co-visited items (null for users and for items nobody co-visited yet).</summary>
    [Id(13)] public CoVisitSketch? CoVisits { get; internal set; }

    /// <summary>The catalogue version this entity last applied events under (0: before versions were recorded).</summary>
    [Id(14)] internal int CatalogVersion { get; set; }

    /// <summary>Where this entity moved to newer catalogue versions (<see cref="CatalogCutovers"/>); null until it did.</summary>
    [Id(15)] internal CatalogCutover[]? Cutovers { get; set; }

    /// <summary>The latest online backfill's progress at this entity; null until one reached it.</summary>
    [Id(16)] internal BackfillMarks? Backfill { get; set; }

    /// <summary>A deep copy, used where a snapshot must not change under the reader.</summary>
    public EntityState Clone()
    {
        var copy = new EntityState
        {
            FirstSeenMs = FirstSeenMs,
            LastEventMs = LastEventMs,
            EventCount = EventCount,
            Cells = new Dictionary<string, Cell>(Cells, StringComparer.Ordinal),
            _watermarks = CopyWatermarks(),
            EventIds = EventIds?.Clone(),
            CoVisits = CoVisits?.Clone(),

            CatalogVersion = CatalogVersion,
            Cutovers = Cutovers,
            Backfill = Backfill?.Clone(),
            _labelTimes = _labelTimes is null ? null : new Dictionary<string, Cell>(_labelTimes, StringComparer.Ordinal),
            _labels = _labels is null ? null : new Dictionary<string, string>(_labels, StringComparer.Ordinal),
        };
        foreach (var (name, cells) in Keyed)
        {
            copy.WritableKeyed[name] = new Dictionary<string, Cell>(cells, StringComparer.Ordinal);
        }

        foreach (var (name, keys) in Recent)
        {
            copy.WritableRecent[name] = new List<RecentKey>(keys);
        }

        return copy;
    }
}
