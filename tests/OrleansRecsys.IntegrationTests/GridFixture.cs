using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The shared grid for most tests: PostgreSQL storage, mock Kafka, demo ranker@v1.</summary>
public sealed class GridFixture : IAsyncLifetime
{
    private IProducer<byte[], byte[]>? _kafkaHolder;

    public GridHost Host { get; private set; } = null!;
    public string Kafka { get; private set; } = "";
    public string ModelStore { get; } = Directory.CreateTempSubdirectory("recsys-models-").FullName;

    public async Task InitializeAsync()
    {
        (_kafkaHolder, Kafka) = MockKafkaCluster.Start();
        var db = await TestInfra.CreateDatabaseAsync();
        Host = await GridHost.StartAsync(Kafka, db, "tests-" + Guid.NewGuid().ToString("N")[..8], ModelStore);
        await Host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(ModelStore, recursive: true);
    }

    public IProducer<string, byte[]> Producer() =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Kafka, LingerMs = 1, MessageMaxBytes = 2_000_000 }).Build();
}
