using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Two silos of one cluster (PostgreSQL membership and storage, one mock Kafka broker and consumer group), the first
/// with the demo ranker@v1 registered, for catalogue reloads and online backfills. The catalogue refresh is fast so a
/// reload reaches both silos quickly.
/// </summary>
public sealed class CatalogueClusterFixture : IAsyncLifetime
{
    private IProducer<byte[], byte[]>? _kafkaHolder;

    public GridHost Silo1 { get; private set; } = null!;
    public GridHost Silo2 { get; private set; } = null!;
    public string Kafka { get; private set; } = "";
    public string ModelStore { get; } = Directory.CreateTempSubdirectory("recsys-catalogue-").FullName;

    public async Task InitializeAsync()
    {
        (_kafkaHolder, Kafka) = MockKafkaCluster.Start();
        var database = await TestInfra.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string?>
        {
            ["Recsys:Storage:Clustering"] = "postgres",
            ["Recsys:Host:ClusterId"] = "cat-" + Guid.NewGuid().ToString("N")[..8],
            ["Recsys:Grid:CatalogRefreshMs"] = "200",
        };
        Silo1 = await GridHost.StartAsync(Kafka, database, "catalogue-group", ModelStore, train: true, cluster);
        Silo2 = await GridHost.StartAsync(Kafka, database, "catalogue-group", ModelStore, train: false, cluster);
        foreach (var host in new[] { Silo1, Silo2 })
        {
            using var http = host.Http();
            await TestInfra.WaitUntil(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "readiness of " + host.Url);
        }
    }

    public async Task DisposeAsync()
    {
        await Silo2.DisposeAsync();
        await Silo1.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(ModelStore, true);
    }
}
