using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Catalog;
using OrleansRecsys.Grains.Serving;
using OrleansRecsys.Ingestion.Tests.Backfill;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>
/// Live ingestion against librdkafka's mock broker joins the consumer group only after the silo's first catalogue refresh
/// (<see cref="CatalogSync"/>): a silo started from an older <c>features.json</c> than the grid's would otherwise apply
/// events without the newer version's features, below what an online backfill planned before covers.
/// </summary>
public sealed class IngestionCatalogSyncTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly KafkaBootstrap _kafka = new(Options.Create(new KafkaOptions()), NullLogger<KafkaBootstrap>.Instance);
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly RecsysMetrics _metrics = new();
    private readonly EventPublisher _publisher;
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private readonly CatalogSync _sync = new();
    private readonly RecordingLogger<IngestionService> _log = new();

    public IngestionCatalogSyncTests()
    {
        _producer = new ProducerBuilder<byte[], byte[]>(_kafka.Clients.Producer()).Build();
        _publisher = new EventPublisher(_kafka, _metrics, NullLogger<EventPublisher>.Instance);
    }

    public void Dispose()
    {
        _publisher.Dispose();
        _producer.Dispose();
        _services.Dispose();
        _metrics.Dispose();
        _kafka.Dispose();
    }

    [Fact]
    public async Task The_consumer_joins_the_group_only_after_the_first_catalogue_refresh()
    {
        var options = new KafkaOptions { GroupId = "catalog-sync-" + Guid.NewGuid().ToString("N") };
        using var ingestion = Ingestion(options);
        var ready = ReadinessOf(ingestion, options);

        await ingestion.StartAsync(CancellationToken.None);
        await WaitUntil(() => Logged("first feature catalogue refresh"));
        var whileWaiting = await ready.CheckHealthAsync(new HealthCheckContext());
        Assert.False(ingestion.AssignedOnce);
        Assert.Equal(HealthStatus.Unhealthy, whileWaiting.Status);
        Assert.Contains("catalogue refresh", whileWaiting.Description, StringComparison.Ordinal);

        _sync.MarkRefreshed();
        await WaitUntil(() => ingestion.AssignedOnce);
        await ingestion.StopAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, (await ready.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task A_silo_that_does_not_consume_is_ready_without_waiting_for_the_catalogue()
    {
        var options = new KafkaOptions { ConsumerEnabled = false };
        using var ingestion = Ingestion(options);

        await ingestion.StartAsync(CancellationToken.None);
        var health = await ReadinessOf(ingestion, options).CheckHealthAsync(new HealthCheckContext());
        await ingestion.StopAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.False(Logged("first feature catalogue refresh"));
    }

    private IngestionService Ingestion(KafkaOptions options) =>
        new(_kafka, _publisher, EpochGrainFactory.Create(key => new RacingEpochGrain(0, _producer, racing: false)), _sync, _services,
            _metrics, RequestIdSigner.WithRandomKey(), Options.Create(options), _log);

    private KafkaAssignmentHealthCheck ReadinessOf(IngestionService ingestion, KafkaOptions options) => new(ingestion, _sync, Options.Create(options));

    private bool Logged(string text)
    {
        lock (_log.Lines)
        {
            return _log.Lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Waits for something the consumer thread does; the bound only keeps a broken build from hanging the run.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }
}
