using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Resolves the bootstrap servers and the client settings every consumer and producer starts from. With none configured it starts librdkafka's mock cluster inside this process
/// (a real Kafka wire-protocol broker) and creates the grid's topics on it by asking for their metadata.
/// </summary>
public sealed class KafkaBootstrap : IDisposable
{
    private readonly IProducer<byte[], byte[]>? _mockHolder;

    public KafkaBootstrap(IOptions<KafkaOptions> options, ILogger<KafkaBootstrap> logger)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.BootstrapServers))
        {
            Clients = new KafkaClientConfigs(options.Value.BootstrapServers!, options.Value.Properties);
            IsMock = false;
            logger.LogInformation("Kafka clients connect to {KafkaClients}", Clients.ToString());
            return;
        }

        (_mockHolder, var servers) = MockKafkaCluster.Start();
        Clients = new KafkaClientConfigs(servers, options.Value.Properties);
        IsMock = true;
        logger.LogInformation("Started the in-process mock Kafka cluster at {BootstrapServers}", servers);
    }

    /// <summary>Every client's configuration starts here, so the operator's settings reach each one.</summary>
    public KafkaClientConfigs Clients { get; }

    public string Servers => Clients.BootstrapServers;

    public bool IsMock { get; }

    public void Dispose() => _mockHolder?.Dispose();
}
