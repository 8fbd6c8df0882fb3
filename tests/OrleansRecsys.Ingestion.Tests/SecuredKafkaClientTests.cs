using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>
/// The grid's real clients, configured for a secured cluster, against librdkafka's mock broker. The mock broker speaks
/// plaintext only and implements no SASL, so a client that really took the settings must fail to reach it, visibly;
/// the same client without the settings succeeds. This shows the settings reach the live client, not just a config.
/// </summary>
public sealed class SecuredKafkaClientTests : IDisposable
{
    private static readonly Dictionary<string, string> Sasl = new()
    {
        ["security.protocol"] = "SASL_PLAINTEXT",
        ["sasl.mechanism"] = "PLAIN",
        ["sasl.username"] = "recsys",
        ["sasl.password"] = "never-logged",
    };

    private readonly Confluent.Kafka.IProducer<byte[], byte[]> _mock;
    private readonly string _servers;

    public SecuredKafkaClientTests() => (_mock, _servers) = MockKafkaCluster.Start();

    public void Dispose() => _mock.Dispose();

    private KafkaBootstrap Bootstrap(Dictionary<string, string>? properties, RecordingLogger<KafkaBootstrap>? logger = null) => new(
        Options.Create(new KafkaOptions { BootstrapServers = _servers, Properties = properties ?? [] }),
        (Microsoft.Extensions.Logging.ILogger<KafkaBootstrap>?)logger ?? NullLogger<KafkaBootstrap>.Instance);

    [Fact]
    public async Task The_grid_producer_with_sasl_settings_is_refused_by_a_plaintext_broker()
    {
        using var metrics = new RecsysMetrics();
        using (var plain = new EventPublisher(Bootstrap(null), metrics, NullLogger<EventPublisher>.Instance))
        {
            Assert.Empty(await plain.ProduceEachAsync(Topics.Interactions, [("k", [1])]));
        }

        var log = new RecordingLogger<EventPublisher>();
        using var secured = new EventPublisher(Bootstrap(Sasl), metrics, log);
        var failures = await secured.ProduceEachAsync(Topics.Interactions, [("k", [1])]);
        Assert.Single(failures);
        // The refusal is logged with librdkafka's reason (an authentication failure), never with the password.
        Assert.Contains(log.Lines, line => line.StartsWith("Kafka producer error Local_Authentication", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains("never-logged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_readiness_probe_with_sasl_settings_reports_the_failure()
    {
        var plain = await new KafkaHealthCheck(Bootstrap(null)).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, plain.Status);

        var secured = await new KafkaHealthCheck(Bootstrap(Sasl)).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, secured.Status);
        Assert.StartsWith("failing: ", secured.Description);
    }

    [Fact]
    public void The_bootstrap_logs_the_settings_without_the_password()
    {
        var logger = new RecordingLogger<KafkaBootstrap>();
        using var kafka = Bootstrap(Sasl, logger);
        var line = Assert.Single(logger.Lines);
        Assert.Contains("sasl.username=recsys", line);
        Assert.Contains("sasl.password=" + KafkaProperties.Redacted, line);
        Assert.DoesNotContain("never-logged", line);
    }
}
