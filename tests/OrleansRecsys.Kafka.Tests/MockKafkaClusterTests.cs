using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Kafka.Tests;

/// <summary>The mock cluster forms a group as soon as its first member joins, so consumers with the cluster profile's
/// short session join it (with the mock's own 3 s first-rebalance delay, a 2 s session expired while it waited and the
/// consumer never got a partition).</summary>
public sealed class MockKafkaClusterTests
{
    [Fact]
    public void A_consumer_whose_session_is_shorter_than_the_mocks_default_first_rebalance_delay_gets_its_partitions()
    {
        var (holder, servers) = MockKafkaCluster.Start();
        using (holder)
        {
            var assigned = new ManualResetEventSlim();
            var config = new ConsumerConfig
            {
                BootstrapServers = servers,
                GroupId = "short-session-" + Guid.NewGuid().ToString("N"),
                SessionTimeoutMs = 2000,
                HeartbeatIntervalMs = 500,
                PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            };
            using var consumer = new ConsumerBuilder<string, byte[]>(config)
                .SetPartitionsAssignedHandler((_, partitions) =>
                {
                    if (partitions.Count > 0)
                    {
                        assigned.Set();
                    }
                })
                .Build();
            consumer.Subscribe(Topics.Interactions);

            // Generous: without the setting the consumer is still rejoining when this gives up.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!assigned.IsSet && DateTime.UtcNow < until)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(100));
            }

            Assert.True(assigned.IsSet, "the consumer never got a partition of " + Topics.Interactions);
            consumer.Close();
        }
    }
}
