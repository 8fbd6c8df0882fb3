using Confluent.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// What a consumer has applied since its last commit: per grain, the highest offset per source (so a grain that
/// lost state is detected, and a flush can be checked to cover it), and per partition the next offset to commit.
/// Pure bookkeeping: unit-tested without Kafka or a cluster.
/// </summary>
public sealed class CheckpointTracker
{
    private readonly Dictionary<string, Dictionary<string, long>> _touched = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _next = new();
    private readonly Dictionary<string, (string? Category, double Score, long AtMs)> _popularity = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, long> NoExpectation = new(StringComparer.Ordinal);

    public bool HasPending => _next.Count > 0;

    public IEnumerable<string> TouchedGrains => _touched.Keys;

    /// <summary>The offsets a grain must already cover before it may take the next batch.</summary>
    public Dictionary<string, long> Expected(string grainKey) =>
        _touched.TryGetValue(grainKey, out var m) ? new Dictionary<string, long>(m, StringComparer.Ordinal) : NoExpectation;

    public void Applied(string grainKey, List<SourcedEvent> events)
    {
        if (!_touched.TryGetValue(grainKey, out var m))
        {
            _touched[grainKey] = m = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        foreach (var e in events)
        {
            if (!m.TryGetValue(e.Source, out var o) || e.Offset > o)
            {
                m[e.Source] = e.Offset;
            }
        }
    }

    public void Consumed(TopicPartition tp, long offset)
    {
        if (!_next.TryGetValue(tp, out var n) || offset + 1 > n)
        {
            _next[tp] = offset + 1;
        }
    }

    /// <summary>True when the durable watermarks cover everything this consumer applied to the grain.</summary>
    public bool Covers(string grainKey, Dictionary<string, long> durable)
    {
        if (!_touched.TryGetValue(grainKey, out var m))
        {
            return true;
        }

        foreach (var (source, offset) in m)
        {
            if (!durable.TryGetValue(source, out var d) || d < offset)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Offsets to commit, for partitions this consumer still owns.</summary>
    public List<TopicPartitionOffset> CommitOffsets(IReadOnlyCollection<TopicPartition> owned)
    {
        var set = new HashSet<TopicPartition>(owned);
        var list = new List<TopicPartitionOffset>(_next.Count);
        foreach (var (tp, next) in _next)
        {
            if (set.Contains(tp))
            {
                list.Add(new TopicPartitionOffset(tp, next));
            }
        }

        return list;
    }

    public void Committed()
    {
        _touched.Clear();
        _next.Clear();
    }

    /// <summary>Drops everything not committed (after a rewind, the replay re-applies it).</summary>
    public void Reset()
    {
        _touched.Clear();
        _next.Clear();
    }

    public void Forget(TopicPartition tp) => _next.Remove(tp);

    private readonly Dictionary<(string Model, string Version), (long Clicks, long Carts, long Purchases)> _outcomes = new();

    /// <summary>Counts an applied interaction against the model version whose response led to it.</summary>
    public void Outcome(AttributedEvent e)
    {
        if (!RequestIds.TryParse(e.RequestId, out var model, out var version))
        {
            return;
        }

        var (clicks, carts, purchases) = _outcomes.GetValueOrDefault((model, version));
        _outcomes[(model, version)] = e.Type switch
        {
            InteractionType.Click => (clicks + 1, carts, purchases),
            InteractionType.AddToCart => (clicks, carts + 1, purchases),
            InteractionType.Purchase => (clicks, carts, purchases + 1),
            _ => (clicks, carts, purchases),
        };
    }

    public Dictionary<string, OutcomeDelta[]> TakeOutcomes()
    {
        var result = _outcomes.GroupBy(kv => kv.Key.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(kv => new OutcomeDelta(kv.Key.Version, kv.Value.Clicks, kv.Value.Carts, kv.Value.Purchases)).ToArray(), StringComparer.Ordinal);
        _outcomes.Clear();
        return result;
    }

    public void Popularity(string itemId, string? category, double score, long atMs) => _popularity[itemId] = (category, score, atMs);

    public (PopularityEntry[] Global, Dictionary<string, PopularityEntry[]> ByCategory) TakePopularity()
    {
        var global = new PopularityEntry[_popularity.Count];
        var byCategory = new Dictionary<string, List<PopularityEntry>>(StringComparer.Ordinal);
        var i = 0;
        foreach (var (id, (category, score, at)) in _popularity)
        {
            var e = new PopularityEntry(id, score, at);
            global[i++] = e;
            if (category is not null)
            {
                if (!byCategory.TryGetValue(category, out var list))
                {
                    byCategory[category] = list = [];
                }

                list.Add(e);
            }
        }

        _popularity.Clear();
        return (global, byCategory.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
    }
}

/// <summary>Names grains in the tracker ("u:" + userId, "i:" + itemId).</summary>
public static class GrainKeys
{
    public static string User(string id) => "u:" + id;

    public static string Item(string id) => "i:" + id;

    internal static Task<FlushResult> Flush(IGrainFactory grains, string key) => key[0] == 'u'
        ? grains.GetGrain<IUserFeatureStateGrain>(key[2..]).FlushAsync().AsTask()
        : grains.GetGrain<IItemFeatureStateGrain>(key[2..]).FlushAsync().AsTask();
}
