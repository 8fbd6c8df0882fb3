using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>The consumer settings, on top of the operator's client properties: manual commits behind durable state, cooperative rebalancing (survivors keep
/// consuming their own partitions while a dead member's move), group timing from <see cref="KafkaOptions"/>, short
/// fetch waits so light load still makes small fresh batches.</summary>
internal static class IngestionConsumerConfig
{
    public static ConsumerConfig For(KafkaClientConfigs clients, KafkaOptions options)
    {
        var config = clients.Consumer();
        config.GroupId = options.GroupId;
        config.EnableAutoCommit = false;
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
