using Confluent.Kafka;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// What one checkpoint covers: per grain, the highest offset applied to it per source (so a flush can be checked to
/// cover it, and a grain that lost state is detected), and per partition the next offset to commit.
/// </summary>
internal sealed class CheckpointScope
{
    private readonly Dictionary<string, Dictionary<string, long>> _appliedByGrain = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _nextOffsets = new();

    public bool HasOffsets => _nextOffsets.Count > 0;

    public IEnumerable<string> TouchedGrains => _appliedByGrain.Keys;

    public int TouchedGrainCount => _appliedByGrain.Count;

    public bool Touched(string grainKey) => _appliedByGrain.ContainsKey(grainKey);

    public void Applied(string grainKey, List<SourcedEvent> events)
    {
        var applied = AppliedTo(grainKey);
        foreach (var e in events)
        {
            Raise(applied, e.Source, e.Offset);
        }
    }

    public void Consumed(TopicPartition partition, long offset)
    {
        if (!_nextOffsets.TryGetValue(partition, out var next) || offset + 1 > next)
        {
            _nextOffsets[partition] = offset + 1;
        }
    }

    /// <summary>Adds what this scope applied to <paramref name="grainKey"/> into <paramref name="expected"/> (highest wins).</summary>
    public void AddExpected(string grainKey, Dictionary<string, long> expected)
    {
        if (_appliedByGrain.TryGetValue(grainKey, out var applied))
        {
            foreach (var (source, offset) in applied)
            {
                Raise(expected, source, offset);
            }
        }
    }

    /// <summary>True when the durable watermarks cover everything applied to the grain in this scope.</summary>
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

    /// <summary>Takes in an earlier scope whose checkpoint did not commit, so the next checkpoint covers both.</summary>
    public void Absorb(CheckpointScope earlier)
    {
        foreach (var (grainKey, offsets) in earlier._appliedByGrain)
        {
            var applied = AppliedTo(grainKey);
            foreach (var (source, offset) in offsets)
            {
                Raise(applied, source, offset);
            }
        }

        foreach (var (partition, next) in earlier._nextOffsets)
        {
            Consumed(partition, next - 1);
        }
    }

    public void Forget(TopicPartition partition) => _nextOffsets.Remove(partition);

    private Dictionary<string, long> AppliedTo(string grainKey)
    {
        if (!_appliedByGrain.TryGetValue(grainKey, out var applied))
        {
            _appliedByGrain[grainKey] = applied = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        return applied;
    }

    private static void Raise(Dictionary<string, long> offsets, string source, long offset)
    {
        if (!offsets.TryGetValue(source, out var highest) || offset > highest)
        {
            offsets[source] = offset;
        }
    }
}
