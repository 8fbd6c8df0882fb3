using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// What the consumer does when partitions are taken from it: checkpoint what was applied from them, then forget their
/// offsets and held outcomes. It runs inside librdkafka's rebalance callback, so nothing may escape it: the partitions
/// go either way, their next owner replays from the last commit (grain watermarks and the monitors' outcome watermarks
/// make that harmless), and the partitions this consumer keeps stay pending for its next checkpoint.
/// </summary>
internal sealed class PartitionRevocation(UncommittedWork uncommitted, SourceNames sources, Action<IConsumer<string, byte[]>> checkpoint, ILogger logger)
{
    public void Handle(IConsumer<string, byte[]> consumer, IReadOnlyList<TopicPartitionOffset> revoked)
    {
        logger.LogInformation("Partitions revoked: {Partitions}; checkpointing first", string.Join(",", revoked.Select(p => p.TopicPartition)));
        try
        {
            checkpoint(consumer);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Checkpoint before revocation failed; the partitions' next owner replays from the last commit");
        }

        foreach (var partition in revoked)
        {
            uncommitted.Checkpoints.Forget(partition.TopicPartition);
            uncommitted.Outcomes.Forget(sources.KeyOf(partition.Topic, partition.Partition.Value));
        }
    }
}
