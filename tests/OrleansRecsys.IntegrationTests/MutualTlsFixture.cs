using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansRecsys.Client;
using OrleansRecsys.Kafka;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Two silos and a gateway-role host with certificates from a CA made in the test, clustered through the PostgreSQL
/// membership table over real TCP sockets, every Orleans link under mutual TLS (<c>Recsys:Tls</c>), each silo checking
/// peers against the CA's revocation list.
/// </summary>
public sealed class MutualTlsFixture : IAsyncLifetime
{
    private IProducer<byte[], byte[]>? _kafkaHolder;

    public TestCertificateAuthority Authority { get; } = new("grid");
    public GridHost Silo1 { get; private set; } = null!;
    public GridHost Silo2 { get; private set; } = null!;
    public GridHost Gateway { get; private set; } = null!;
    public string Database { get; private set; } = "";
    public string ClusterId { get; } = "tls-" + Guid.NewGuid().ToString("N")[..8];
    public string ModelStore { get; } = Directory.CreateTempSubdirectory("recsys-tls-").FullName;

    public async Task InitializeAsync()
    {
        string kafka;
        (_kafkaHolder, kafka) = MockKafkaCluster.Start();
        Database = await TestInfra.CreateDatabaseAsync();
        Authority.WriteRevocationList();
        Silo1 = await GridHost.StartAsync(kafka, null, "tls-group", ModelStore, train: false, Layer("silo-1"));
        Silo2 = await GridHost.StartAsync(kafka, null, "tls-group", ModelStore, train: false, Layer("silo-2"));
        Gateway = await GridHost.StartAsync(kafka, null, "unused", ModelStore, train: false,
            new Dictionary<string, string?>(Layer("gateway")) { ["Recsys:Host:Role"] = "gateway" });
        var management = Silo1.Grains.GetGrain<IManagementGrain>(0);
        await TestInfra.WaitUntil(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(60),
            "both silos to be active members");
    }

    /// <summary>Clustering through the membership table (grain state in memory), this process's own certificate and the
    /// CA's revocation list.</summary>
    private Dictionary<string, string?> Layer(string name) => new(Authority.Settings(name))
    {
        ["Recsys:Tls:CrlPath"] = Authority.CrlPath,
        ["Recsys:Storage:Clustering"] = "postgres",
        ["Recsys:Storage:ConnectionString"] = Database,
        ["Recsys:Host:ClusterId"] = ClusterId,
    };

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo2.DisposeAsync();
        await Silo1.DisposeAsync();
        _kafkaHolder?.Dispose();
        Authority.Dispose();
        Directory.Delete(ModelStore, true);
    }
}
