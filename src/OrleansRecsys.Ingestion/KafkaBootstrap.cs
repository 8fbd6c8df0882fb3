using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Resolves the bootstrap servers. With none configured it starts librdkafka's mock cluster inside this process
/// (a real Kafka wire-protocol broker) and creates the grid's topics on it by asking for their metadata.
/// </summary>
public sealed class KafkaBootstrap : IDisposable
{
    private readonly IProducer<byte[], byte[]>? _mockHolder;

    public KafkaBootstrap(IOptions<KafkaOptions> options, ILogger<KafkaBootstrap> logger)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.BootstrapServers))
        {
            Servers = options.Value.BootstrapServers!;
            IsMock = false;
            return;
        }

        (_mockHolder, Servers) = MockKafkaCluster.Start();
        IsMock = true;
        logger.LogInformation("Started the in-process mock Kafka cluster at {BootstrapServers}", Servers);
    }

    public string Servers { get; }

    public bool IsMock { get; }

    public void Dispose() => _mockHolder?.Dispose();
}
