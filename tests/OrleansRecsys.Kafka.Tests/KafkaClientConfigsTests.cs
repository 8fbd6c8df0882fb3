using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Kafka.Tests;

/// <summary>The operator's librdkafka settings reach every kind of client, and the grid's own keys stay the grid's.</summary>
public sealed class KafkaClientConfigsTests
{
    private static readonly Dictionary<string, string> Secured = new()
    {
        ["security.protocol"] = "SASL_SSL",
        ["sasl.mechanism"] = "PLAIN",
        ["sasl.username"] = "recsys",
        ["sasl.password"] = "s3cret-pw",
        ["ssl.ca.location"] = "/etc/kafka/ca.pem",
    };

    private static void AssertSecured(ClientConfig config)
    {
        Assert.Equal("broker-1:9093", config.BootstrapServers);
        foreach (var (key, value) in Secured)
        {
            Assert.Equal(value, config.Get(key));
        }
    }

    [Fact]
    public void Producer_consumer_and_admin_configs_all_carry_the_properties()
    {
        var clients = new KafkaClientConfigs("broker-1:9093", Secured);
        AssertSecured(clients.Producer());
        AssertSecured(clients.Consumer());
        AssertSecured(clients.Admin());
    }

    [Theory]
    [InlineData("group.id")]
    [InlineData("enable.auto.commit")]
    [InlineData("acks")]
    [InlineData("enable.idempotence")]
    [InlineData("bootstrap.servers")]
    public void A_key_the_grid_sets_itself_is_refused_by_name(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new KafkaClientConfigs("b:1", new Dictionary<string, string> { [key] = "x" }));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void No_properties_gives_plain_configs_with_the_servers()
    {
        var config = new KafkaClientConfigs("b:1").Producer();
        Assert.Equal("b:1", config.BootstrapServers);
        Assert.Null(config.SecurityProtocol);
    }
}
