using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Two silos forming one Orleans cluster through the PostgreSQL membership table (cluster profile), sharing
/// grain storage and one Kafka consumer group, plus a gateway host that serves HTTP over an Orleans client.
/// Pulls of the rollout plan are slowed to 60 s, so plan changes can only arrive by push.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private IProducer<byte[], byte[]>? _kafkaHolder;

    public GridHost Silo1 { get; private set; } = null!;
    public GridHost Silo2 { get; private set; } = null!;
    public GridHost Gateway { get; private set; } = null!;
    public string Kafka { get; private set; } = "";

    /// <summary>What each silo applied over the fixture's life (made before the silos start).</summary>
    internal IngestCounters Counters { get; } = new();
    public string Database { get; private set; } = "";
    public string ModelStore { get; } = Directory.CreateTempSubdirectory("recsys-cluster-").FullName;

    public async Task InitializeAsync()
    {
        (_kafkaHolder, Kafka) = MockKafkaCluster.Start();
        Database = await TestInfra.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string?>
        {
            ["Recsys:Storage:Clustering"] = "postgres",
            ["Recsys:Host:ClusterId"] = "c-" + Guid.NewGuid().ToString("N")[..8],
            ["Recsys:Grid:PlanRefreshMs"] = "60000",
        };
        Silo1 = await GridHost.StartAsync(Kafka, Database, "cluster-group", ModelStore, train: true, cluster);
        Silo2 = await GridHost.StartAsync(Kafka, Database, "cluster-group", ModelStore, train: false, cluster);
        Gateway = await GridHost.StartAsync(Kafka, Database, "unused", ModelStore, train: false,
            new Dictionary<string, string?>(cluster) { ["Recsys:Host:Role"] = "gateway" });
        foreach (var host in new[] { Silo1, Silo2, Gateway })
        {
            using var http = host.Http();
            await TestInfra.WaitUntil(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "readiness of " + host.Url);
        }
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo2.DisposeAsync();
        await Silo1.DisposeAsync();
        _kafkaHolder?.Dispose();
        Counters.Dispose();
        Directory.Delete(ModelStore, true);
    }
}
