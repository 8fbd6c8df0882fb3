using Microsoft.Extensions.Options;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Bad configuration stops the process at start with a message that names the key.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class StartupValidationTests
{
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var store = Directory.CreateTempSubdirectory("recsys-cfg-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["Recsys:Host:HttpUrl"] = $"http://127.0.0.1:{TestInfra.FreePort()}",
            ["Recsys:Host:GrpcUrl"] = $"http://127.0.0.1:{TestInfra.FreePort()}",
            ["Recsys:Host:SiloPort"] = TestInfra.FreePort().ToString(),
            ["Recsys:Host:GatewayPort"] = TestInfra.FreePort().ToString(),
            ["Recsys:Grid:ModelStoreDirectory"] = store,
            ["Recsys:Demo:TrainAtStart"] = "false",
            ["Recsys:Simulator:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "None",
        };
        foreach (var (k, v) in settings)
        {
            overrides[k] = v;
        }

        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                var app = RecsysHost.CreateBuilder([], overrides).Build();
                try
                {
                    await app.StartAsync();
                }
                finally
                {
                    await app.DisposeAsync();
                }
            });
            return ex is OptionsValidationException o ? string.Join("; ", o.Failures) : ex.Message;
        }
        finally
        {
            Directory.Delete(store, true);
        }
    }

    [Fact]
    public async Task Production_auth_mode_refuses_to_start_without_a_32_byte_signing_key()
    {
        Assert.Contains("Recsys:Auth:SigningKey", await StartFailureAsync(new() { ["Recsys:Auth:Mode"] = "production" }));
        Assert.Contains("Recsys:Auth:SigningKey", await StartFailureAsync(new() { ["Recsys:Auth:Mode"] = "production", ["Recsys:Auth:SigningKey"] = "too-short" }));
    }

    [Fact]
    public async Task The_cluster_profile_refuses_to_start_without_a_32_byte_request_id_key()
    {
        var cluster = new Dictionary<string, string?>
        {
            ["Recsys:Profile"] = "cluster",
            ["Recsys:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
            ["Recsys:Auth:SigningKey"] = TestInfra.SigningKey,
            ["Recsys:Tls:AllowPlaintext"] = "true",
        };
        Assert.Contains("Recsys:Grid:RequestIdKey must be set", await StartFailureAsync(cluster));
        cluster["Recsys:Grid:RequestIdKey"] = "too-short";
        Assert.Contains("Recsys:Grid:RequestIdKey is 9 bytes", await StartFailureAsync(cluster));
    }

    [Theory]
    [InlineData("Recsys:Storage:Provider", "cassandra", "Recsys:Storage:Provider")]
    [InlineData("Recsys:Storage:Clustering", "etcd", "Recsys:Storage:Clustering")]
    [InlineData("Recsys:Storage:Clustering", "postgres", "Recsys:Storage:ConnectionString")]
    [InlineData("Recsys:Storage:Provider", "postgres", "Recsys:Storage:ConnectionString")]
    [InlineData("Recsys:Storage:MaxPoolSize", "0", "Recsys:Storage:MaxPoolSize")]
    [InlineData("Recsys:Storage:ConnectTimeoutSeconds", "0", "Recsys:Storage:ConnectTimeoutSeconds")]
    [InlineData("Recsys:Grid:DeadlineMs", "0", "DeadlineMs")]
    [InlineData("Recsys:Host:Role", "router", "Recsys:Host:Role")]
    [InlineData("Recsys:Host:HttpUrl", "", "Recsys:Host:HttpUrl")]
    [InlineData("Recsys:Host:HttpUrl", "127.0.0.1:5080", "Recsys:Host:HttpUrl")]
    [InlineData("Recsys:Host:ManagementUrl", "127.0.0.1:9090", "Recsys:Host:ManagementUrl")]
    [InlineData("Recsys:Host:ManagementUrl", "http://127.0.0.1", "Recsys:Host:ManagementUrl")]
    [InlineData("Recsys:Host:GrpcUrl", "127.0.0.1:5081", "Recsys:Host:GrpcUrl")]
    [InlineData("Recsys:Host:GrpcUrl", "http://127.0.0.1", "Recsys:Host:GrpcUrl")]
    [InlineData("Recsys:Host:GrpcUrl", "grpc://127.0.0.1:5081", "Recsys:Host:GrpcUrl")]
    [InlineData("Recsys:Host:ClusterId", "", "Recsys:Host:ClusterId")]
    [InlineData("Recsys:Host:ServiceId", "", "Recsys:Host:ServiceId")]
    [InlineData("Recsys:Host:SiloPort", "0", "Recsys:Host:SiloPort")]
    [InlineData("Recsys:Host:SiloPort", "eleven", "Recsys:Host:SiloPort")]
    [InlineData("Recsys:Host:GatewayPort", "70000", "Recsys:Host:GatewayPort")]
    [InlineData("Recsys:Host:AdvertisedIp", "silo-1.internal", "Recsys:Host:AdvertisedIp")]
    [InlineData("Recsys:Membership:ProbeTimeoutMs", "1", "Recsys:Membership:ProbeTimeoutMs")]
    [InlineData("Recsys:Membership:MissedProbesLimit", "0", "Recsys:Membership:MissedProbesLimit")]
    [InlineData("Recsys:Membership:VotesForDeath", "11", "Recsys:Membership:VotesForDeath")]
    [InlineData("Recsys:Membership:TableRefreshSeconds", "0", "Recsys:Membership:TableRefreshSeconds")]
    [InlineData("Recsys:Demo:TrainingSessions", "10", "Recsys:Demo:TrainingSessions")]
    [InlineData("Recsys:Simulator:EventsPerSecond", "0", "Recsys:Simulator:EventsPerSecond")]
    [InlineData("Recsys:Simulator:Users", "0", "Recsys:Simulator:Users")]
    [InlineData("Recsys:Simulator:Items", "5", "Recsys:Simulator:Items")]
    [InlineData("Recsys:Simulator:Shift", "prices", "Recsys:Simulator:Shift")]
    [InlineData("Recsys:Simulator:Shift", "9", "Recsys:Simulator:Shift")]
    [InlineData("Recsys:Grid:DriftWindowSeconds", "5", "Recsys:Grid:DriftWindowSeconds")]
    [InlineData("Recsys:Profile", "staging", "Recsys:Profile")]
    public async Task Bad_values_name_the_key(string key, string value, string named) =>
        Assert.Contains(named, await StartFailureAsync(new() { [key] = value }));

    [Fact]
    public async Task A_management_url_on_the_public_port_names_the_key()
    {
        var port = TestInfra.FreePort();
        var message = await StartFailureAsync(new()
        {
            ["Recsys:Host:HttpUrl"] = $"http://127.0.0.1:{port}",
            ["Recsys:Host:ManagementUrl"] = $"http://127.0.0.1:{port}",
        });
        Assert.Contains("Recsys:Host:ManagementUrl must use a port of its own", message);
    }

    [Fact]
    public async Task A_grpc_url_on_the_public_port_names_the_key()
    {
        var port = TestInfra.FreePort();
        var message = await StartFailureAsync(new()
        {
            ["Recsys:Host:HttpUrl"] = $"http://127.0.0.1:{port}",
            ["Recsys:Host:GrpcUrl"] = $"http://127.0.0.1:{port}",
        });
        Assert.Contains("Recsys:Host:GrpcUrl must use a port of its own", message);
    }

    [Fact]
    public async Task A_gateway_without_a_broker_names_the_bootstrap_servers_key() =>
        Assert.Contains("Recsys:Kafka:BootstrapServers",
            await StartFailureAsync(new() { ["Recsys:Host:Role"] = "gateway", ["Recsys:Kafka:BootstrapServers"] = "" }));

    [Fact]
    public async Task Postgres_grain_storage_with_the_in_process_mock_broker_names_both_keys()
    {
        var message = await StartFailureAsync(new()
        {
            ["Recsys:Storage:Provider"] = "postgres",
            ["Recsys:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
            ["Recsys:Kafka:BootstrapServers"] = "",
        });
        Assert.Contains("Recsys:Storage:Provider", message);
        Assert.Contains("Recsys:Kafka:BootstrapServers", message);
    }

    [Fact]
    public async Task Kubernetes_hosting_outside_a_pod_names_the_key_and_the_pod_variables_it_lacks()
    {
        var message = await StartFailureAsync(new() { ["Recsys:Host:Kubernetes"] = "true" });
        Assert.Contains("Recsys:Host:Kubernetes", message);
        Assert.Contains("POD_NAME, POD_NAMESPACE, POD_IP", message);
    }
}
