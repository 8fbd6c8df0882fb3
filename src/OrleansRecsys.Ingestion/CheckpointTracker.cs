using Confluent.Kafka;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// What a consumer has applied since its last commit: per grain, the highest offset per source (so a grain that
/// lost state is detected, and a flush can be checked to cover it), and per partition the next offset to commit.
/// Pure bookkeeping, so it is unit-tested without Kafka or a cluster.
/// </summary>
internal sealed class CheckpointTracker
{
    private static readonly Dictionary<string, long> NoExpectation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _appliedByGrain = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _nextOffsets = new();

    public bool HasPending => _nextOffsets.Count > 0;

    public IEnumerable<string> TouchedGrains => _appliedByGrain.Keys;

    public int TouchedGrainCount => _appliedByGrain.Count;

    /// <summary>The offsets a grain must already cover before it may take the next batch.</summary>
    public Dictionary<string, long> Expected(string grainKey) =>
        _appliedByGrain.TryGetValue(grainKey, out var applied) ? new Dictionary<string, long>(applied, StringComparer.Ordinal) : NoExpectation;

    public void Applied(string grainKey, List<SourcedEvent> events)
    {
        if (!_appliedByGrain.TryGetValue(grainKey, out var applied))
        {
            _appliedByGrain[grainKey] = applied = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        foreach (var e in events)
        {
            if (!applied.TryGetValue(e.Source, out var highest) || e.Offset > highest)
            {
                applied[e.Source] = e.Offset;
            }
        }
    }

    public void Consumed(TopicPartition partition, long offset)
    {
        if (!_nextOffsets.TryGetValue(partition, out var next) || offset + 1 > next)
        {
            _nextOffsets[partition] = offset + 1;
        }
    }

    /// <summary>True when the durable watermarks cover everything this consumer applied to the grain.</summary>
    public bool Covers(string grainKey, Dictionary<string, long> durable)
    {
        if (!_appliedByGrain.TryGetValue(grainKey, out var applied))
        {
            return true;
        }

        foreach (var (source, offset) in applied)
        {
            if (!durable.TryGetValue(source, out var durableOffset) || durableOffset < offset)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Offsets to commit, for partitions this consumer still owns.</summary>
    public List<TopicPartitionOffset> CommitOffsets(IReadOnlyCollection<TopicPartition> owned)
    {
        var ownedSet = new HashSet<TopicPartition>(owned);
        var offsets = new List<TopicPartitionOffset>(_nextOffsets.Count);
        foreach (var (partition, next) in _nextOffsets)
        {
            if (ownedSet.Contains(partition))
            {
                offsets.Add(new TopicPartitionOffset(partition, next));
            }
        }

        return offsets;
    }

    /// <summary>Forgets everything: after a commit it is durable; after a rewind the replay re-applies it.</summary>
    public void Reset()
    {
        _appliedByGrain.Clear();
        _nextOffsets.Clear();
    }

    public void Forget(TopicPartition partition) => _nextOffsets.Remove(partition);
}
