using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>The consumer settings, on top of the operator's client properties: commits of only the offsets a checkpoint
/// stored behind durable state, sent by librdkafka's own thread (see <see cref="OffsetCommitter"/>), cooperative
/// rebalancing (survivors keep consuming their own partitions while a dead member's move), group timing from
/// <see cref="KafkaOptions"/>, short fetch waits so light load still makes small fresh batches.</summary>
internal static class IngestionConsumerConfig
{
    /// <summary>How often librdkafka commits what the checkpoints stored. Short, so a stored offset reaches the broker
    /// soon after its checkpoint; a commit is only sent when something new was stored, at most once per checkpoint.</summary>
    public const int CommitIntervalMs = 200;

    public static ConsumerConfig For(KafkaClientConfigs clients, KafkaOptions options)
    {
        var config = clients.Consumer();
        config.GroupId = options.GroupId;
        config.EnableAutoOffsetStore = false; // consuming stores nothing: only a checkpoint does, behind durable state
        config.EnableAutoCommit = true; // librdkafka commits the stored offsets, only while the group is stable
        config.AutoCommitIntervalMs = CommitIntervalMs;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        config.SessionTimeoutMs = options.SessionTimeoutMs;
        config.HeartbeatIntervalMs = options.HeartbeatIntervalMs;
        config.MaxPollIntervalMs = options.MaxPollIntervalMs;
        config.FetchWaitMaxMs = 10;
        config.ClientId = "recsys-" + Environment.ProcessId;
        return config;
    }
}
