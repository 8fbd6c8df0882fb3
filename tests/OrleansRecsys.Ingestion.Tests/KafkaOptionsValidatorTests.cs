namespace OrleansRecsys.Ingestion.Tests;

/// <summary>Client properties are checked at start, with a message naming the key.</summary>
public sealed class KafkaOptionsValidatorTests
{
    private static string? Failure(KafkaOptions options) => new KafkaOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Security_properties_without_bootstrap_servers_are_refused_because_the_mock_broker_is_plaintext()
    {
        var options = new KafkaOptions { Properties = { ["security.protocol"] = "SSL" } };
        Assert.Contains("Recsys:Kafka:BootstrapServers", Failure(options));
    }

    [Fact]
    public void A_grid_owned_key_is_refused_by_name()
    {
        var options = new KafkaOptions { BootstrapServers = "b:1", Properties = { ["group.id"] = "other" } };
        Assert.Contains("Recsys:Kafka:Properties:group.id", Failure(options));
    }

    [Fact]
    public void An_empty_value_is_refused_by_name()
    {
        var options = new KafkaOptions { BootstrapServers = "b:1", Properties = { ["sasl.password"] = "" } };
        Assert.Contains("Recsys:Kafka:Properties:sasl.password is empty", Failure(options));
    }

    [Fact]
    public void Security_properties_with_servers_are_accepted()
    {
        var options = new KafkaOptions { BootstrapServers = "b:1", Properties = { ["security.protocol"] = "SASL_SSL", ["sasl.password"] = "x" } };
        Assert.Null(Failure(options));
    }
}
