using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

        (_mockHolder, Servers) = StartMock();
        IsMock = true;
        logger.LogInformation("Started the in-process mock Kafka cluster at {BootstrapServers}", Servers);
    }

    public string Servers { get; }

    public bool IsMock { get; }

    /// <summary>Starts a mock cluster owned by the returned producer (it lives as long as the producer).</summary>
    public static (IProducer<byte[], byte[]> Holder, string Servers) StartMock(int brokers = 1)
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var holder = new ProducerBuilder<byte[], byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(holder.Handle).Build();
        string servers = "";
        for (var attempt = 0; attempt < 50 && servers.Length == 0; attempt++)
        {
            var md = admin.GetMetadata(TimeSpan.FromSeconds(5));
            servers = string.Join(",", md.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        }

        foreach (var topic in Topics.All)
        {
            admin.GetMetadata(topic, TimeSpan.FromSeconds(5));
        }

        return (holder, servers);
    }

    public void Dispose() => _mockHolder?.Dispose();
}
