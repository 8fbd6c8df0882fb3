using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>What each profile and role puts in the container, checked on built-but-not-started hosts (no PostgreSQL).</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class HostCompositionTests
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=none";

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] settings)
    {
        var overrides = EmbeddedGrid.Overrides(Path.Combine(Path.GetTempPath(), "recsys-unused-model-store"));
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        return overrides;
    }

    private static Type?[] HostedServices(Dictionary<string, string?> overrides) =>
        RecsysHost.CreateBuilder([], overrides).Services
            .Where(d => d.ServiceType == typeof(IHostedService))
            .Select(d => d.ImplementationType)
            .ToArray();

    [Fact]
    public void A_local_profile_silo_runs_the_demo_bootstrapper_and_the_traffic_simulator()
    {
        var services = HostedServices(Settings());
        Assert.Contains(typeof(DemoBootstrapper), services);
        Assert.Contains(typeof(TrafficSimulator), services);
    }

    [Fact]
    public void A_silo_with_kubernetes_hosting_runs_the_orleans_cluster_agent_that_watches_its_pods()
    {
        static bool IsClusterAgent(ServiceDescriptor d) => d.ImplementationType?.FullName == "Orleans.Hosting.Kubernetes.KubernetesClusterAgent";
        var plain = RecsysHost.CreateBuilder([], Settings()).Services;
        Assert.DoesNotContain(plain, IsClusterAgent);

        foreach (var variable in PodVariables)
        {
            Environment.SetEnvironmentVariable(variable, "test-" + variable.ToLowerInvariant());
        }

        try
        {
            var hosted = RecsysHost.CreateBuilder([], Settings(("Recsys:Host:Kubernetes", "true"))).Services;
            Assert.Contains(hosted, IsClusterAgent);
        }
        finally
        {
            foreach (var variable in PodVariables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }
    }

    private static readonly string[] PodVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP"];

    [Fact]
    public void A_cluster_profile_silo_has_neither_demo_service()
    {
        var services = HostedServices(Settings(("Recsys:Profile", RecsysProfile.Cluster), ("Recsys:Storage:ConnectionString", UnusedDatabase),
            ("Recsys:Tls:AllowPlaintext", "true")));
        Assert.DoesNotContain(typeof(DemoBootstrapper), services);
        Assert.DoesNotContain(typeof(TrafficSimulator), services);
    }

    [Fact]
    public void A_gateway_has_neither_demo_service_even_in_the_local_profile()
    {
        var services = HostedServices(Settings(("Recsys:Host:Role", RecsysHostOptions.GatewayRole), ("Recsys:Kafka:BootstrapServers", "127.0.0.1:9")));
        Assert.DoesNotContain(typeof(DemoBootstrapper), services);
        Assert.DoesNotContain(typeof(TrafficSimulator), services);
    }

    [Theory]
    [InlineData("memory", false)]
    [InlineData("postgres", true)]
    public async Task Grains_and_ingestion_both_take_state_durability_from_the_storage_provider(string provider, bool durable)
    {
        await using var app = RecsysHost.CreateBuilder([], Settings(("Recsys:Storage:Provider", provider), ("Recsys:Storage:ConnectionString", UnusedDatabase),
            ("Recsys:Kafka:BootstrapServers", "127.0.0.1:9"))).Build();
        Assert.Equal(durable, app.Services.GetRequiredService<IOptions<GridOptions>>().Value.DurableState);
        Assert.Equal(durable, app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.DurableState);
        Assert.True(app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.ConsumerEnabled);
    }

    [Fact]
    public async Task A_gateway_produces_events_but_never_consumes_them()
    {
        await using var app = RecsysHost.CreateBuilder([], Settings(("Recsys:Host:Role", RecsysHostOptions.GatewayRole), ("Recsys:Kafka:BootstrapServers", "127.0.0.1:9"))).Build();
        Assert.False(app.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.ConsumerEnabled);
    }
}
