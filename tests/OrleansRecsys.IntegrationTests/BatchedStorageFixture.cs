using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansRecsys.Grains;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Two silos of separate clusters on one PostgreSQL database with the same service id, so they read and write the same
/// grain-state rows (two writers for one grain, as after a split brain). Silo A batches writes but reads through the
/// ADO.NET provider (what it reads, the provider's own query found); silo B batches both.
/// </summary>
public sealed class BatchedStorageFixture : IAsyncLifetime
{
    private Confluent.Kafka.IProducer<byte[], byte[]>? _kafkaHolder;
    private readonly string _store = Directory.CreateTempSubdirectory("recsys-batched-").FullName;

    public GridHost A { get; private set; } = null!;
    public GridHost B { get; private set; } = null!;
    public string Database { get; private set; } = "";

    public IGrainStorage StorageOfA => A.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys);
    public IGrainStorage StorageOfB => B.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Recsys);

    public async Task InitializeAsync()
    {
        (_kafkaHolder, var kafka) = MockKafkaCluster.Start();
        Database = await TestInfra.CreateDatabaseAsync();
        A = await GridHost.StartAsync(kafka, Database, "batched-a", Path.Combine(_store, "a"), train: false,
            extra: new Dictionary<string, string?> { ["Recsys:Storage:BatchReads"] = "false", ["Recsys:Host:ClusterId"] = "batched-a" });
        B = await GridHost.StartAsync(kafka, Database, "batched-b", Path.Combine(_store, "b"), train: false,
            extra: new Dictionary<string, string?> { ["Recsys:Host:ClusterId"] = "batched-b" });
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_store, recursive: true);
    }
}
