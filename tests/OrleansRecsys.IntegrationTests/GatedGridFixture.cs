using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>A grid whose grain storage is a <see cref="GatedGrainStorage"/>, with ranker@v1 stable and ranker@v2 registered.</summary>
public sealed class GatedGridFixture : IAsyncLifetime
{
    private IDisposable? _kafkaHolder;
    private readonly string _modelStore = Directory.CreateTempSubdirectory("recsys-gated-").FullName;

    public GridHost Host { get; private set; } = null!;

    internal GatedGrainStorage Storage => (GatedGrainStorage)Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys);

    public async Task InitializeAsync()
    {
        (var holder, var kafka) = MockKafkaCluster.Start();
        _kafkaHolder = holder;
        Host = await GridHost.StartAsync(kafka, postgres: null, "gated-" + Guid.NewGuid().ToString("N")[..8], _modelStore, train: false,
            services: services => services.AddKeyedSingleton<IGrainStorage, GatedGrainStorage>(StorageNames.Recsys));
        await TestInfra.RegisterFirstRankerAsync(Host.Url);
        using var admin = Host.Http(Roles.Admin);
        var registered = await TestModels.RegisterAsync(admin, "v2");
        Assert.True(registered.IsSuccessStatusCode, $"registering ranker@v2: {(int)registered.StatusCode}");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_modelStore, true);
    }
}
