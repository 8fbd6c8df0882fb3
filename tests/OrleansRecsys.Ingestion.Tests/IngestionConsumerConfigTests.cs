using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>The ingestion consumer's own settings sit on top of the operator's librdkafka properties without dropping them.</summary>
public sealed class IngestionConsumerConfigTests
{
    private static readonly Dictionary<string, string> Secured = new()
    {
        ["security.protocol"] = "SASL_SSL",
        ["sasl.username"] = "recsys",
        ["sasl.password"] = "s3cret-pw",
    };

    [Fact]
    public void The_ingestion_consumer_keeps_the_properties_under_its_own_settings()
    {
        var options = new KafkaOptions { GroupId = "g1" };
        var config = IngestionConsumerConfig.For(new KafkaClientConfigs("broker-1:9093", Secured), options);
        foreach (var (key, value) in Secured)
        {
            Assert.Equal(value, config.Get(key));
        }

        Assert.Equal("g1", config.GroupId);
        // Consuming stores no offset; librdkafka commits only what a checkpoint stored (OffsetCommitterTests).
        Assert.False(config.EnableAutoOffsetStore);
        Assert.True(config.EnableAutoCommit);
        Assert.Equal(PartitionAssignmentStrategy.CooperativeSticky, config.PartitionAssignmentStrategy);
    }
}
