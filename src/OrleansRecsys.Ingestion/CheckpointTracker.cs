using Confluent.Kafka;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// What a consumer has applied since its last commit, in two scopes: the open one, which every apply adds to, and at
/// most one sealed one, whose checkpoint's flushes are in flight while applies go on into the open scope. A grain's
/// expectations span both (its flush may not have written yet what it applied before the seal). Pure bookkeeping, so
/// it is unit-tested without Kafka or a cluster.
/// </summary>
internal sealed class CheckpointTracker
{
    private static readonly Dictionary<string, long> NoExpectation = new(StringComparer.Ordinal);
    private CheckpointScope _open = new();

    /// <summary>The scope of the checkpoint in flight, or null when none is.</summary>
    public CheckpointScope? Sealed { get; private set; }

    /// <summary>Whether the open scope has offsets a checkpoint would commit.</summary>
    public bool HasPending => _open.HasOffsets;

    public IEnumerable<string> TouchedGrains => _open.TouchedGrains;

    /// <summary>Grains touched since the last seal (the checkpoint size limit counts these).</summary>
    public int TouchedGrainCount => _open.TouchedGrainCount;

    /// <summary>The offsets a grain must already cover before it may take the next batch: everything applied to it
    /// since the last commit, sealed or open. A copy the grain call can keep.</summary>
    public Dictionary<string, long> Expected(string grainKey)
    {
        if (!_open.Touched(grainKey) && Sealed?.Touched(grainKey) != true)
        {
            return NoExpectation;
        }

        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        Sealed?.AddExpected(grainKey, expected);
        _open.AddExpected(grainKey, expected);
        return expected;
    }

    public void Applied(string grainKey, List<SourcedEvent> events) => _open.Applied(grainKey, events);

    public void Consumed(TopicPartition partition, long offset) => _open.Consumed(partition, offset);

    /// <summary>True when the durable watermarks cover everything applied to the grain in the open scope.</summary>
    public bool Covers(string grainKey, Dictionary<string, long> durable) => _open.Covers(grainKey, durable);

    /// <summary>The open scope's offsets to commit, for partitions this consumer still owns.</summary>
    public List<TopicPartitionOffset> CommitOffsets(IReadOnlyCollection<TopicPartition> owned) => _open.CommitOffsets(owned);

    /// <summary>Closes the open scope for a checkpoint and opens a new one; only one checkpoint is in flight at a time.</summary>
    public CheckpointScope Seal()
    {
        if (Sealed is not null)
        {
            throw new InvalidOperationException("A checkpoint is already in flight; settle it before sealing another");
        }

        Sealed = _open;
        _open = new CheckpointScope();
        return Sealed;
    }

    /// <summary>Whether <paramref name="scope"/> is still the one in flight (a rewind drops it).</summary>
    public bool IsSealed(CheckpointScope scope) => ReferenceEquals(Sealed, scope);

    /// <summary>The sealed scope's offsets were stored for commit: it is durable and no longer pending.</summary>
    public void Committed(CheckpointScope scope)
    {
        if (IsSealed(scope))
        {
            Sealed = null;
        }
    }

    /// <summary>The sealed scope's checkpoint did not commit: its grains and offsets go back into the open scope, so the
    /// next checkpoint flushes and commits them along with what was applied since.</summary>
    public void Reopen(CheckpointScope scope)
    {
        if (IsSealed(scope))
        {
            _open.Absorb(scope);
            Sealed = null;
        }
    }

    /// <summary>Forgets everything, the checkpoint in flight included: after a rewind the replay re-applies it.</summary>
    public void Reset()
    {
        _open = new CheckpointScope();
        Sealed = null;
    }

    public void Forget(TopicPartition partition)
    {
        _open.Forget(partition);
        Sealed?.Forget(partition);
    }
}
