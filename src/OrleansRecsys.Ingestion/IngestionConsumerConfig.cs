using Confluent.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>The consumer settings: manual commits behind durable state, cooperative rebalancing (survivors keep
/// consuming their own partitions while a dead member's move), group timing from <see cref="KafkaOptions"/>, short
/// fetch waits so light load still makes small fresh batches.</summary>
internal static class IngestionConsumerConfig
{
    public static ConsumerConfig For(string bootstrapServers, KafkaOptions options) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = options.GroupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        SessionTimeoutMs = options.SessionTimeoutMs,
        HeartbeatIntervalMs = options.HeartbeatIntervalMs,
        MaxPollIntervalMs = options.MaxPollIntervalMs,
        FetchWaitMaxMs = 10,
        ClientId = "recsys-" + Environment.ProcessId,
    };
}
