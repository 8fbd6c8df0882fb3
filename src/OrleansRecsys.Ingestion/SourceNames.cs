using System.Collections.Concurrent;

namespace OrleansRecsys.Ingestion;

/// <summary>The source key of each partition this consumer reads, in the partition's current offset epoch (a partition
/// not observed yet is in its first epoch). One shared string per partition: every consumed message asks.</summary>
internal sealed class SourceNames
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), string> _keys = new();

    public string KeyOf(string topic, int partition) =>
        _keys.GetOrAdd((topic, partition), static k => SourceKey.Of(k.Topic, k.Partition, 0));

    public void SetEpoch(string topic, int partition, int epoch) => _keys[(topic, partition)] = SourceKey.Of(topic, partition, epoch);
}
