using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Kafka;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The autopilot's history on the mock Kafka cluster: a run reads the interactions of its data window only (older ones,
/// however many Kafka retains, and newer ones are left in the log), and every retained item upsert before the run's start.
/// </summary>
public sealed class RetrainingHistoryTests : IDisposable
{
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.UtcNow.AddHours(-2);
    private static readonly DateTimeOffset RunStart = DateTimeOffset.UtcNow.AddMinutes(-5);

    private readonly (IProducer<byte[], byte[]> Holder, string Servers) _kafka = MockKafkaCluster.Start();

    public void Dispose() => _kafka.Holder.Dispose();

    [Fact]
    public async Task A_run_reads_the_interactions_of_its_window_and_every_item_upsert_but_no_older_interaction()
    {
        await ProduceInteractionsAsync("old", 80, WindowStart.AddDays(-20), TimeSpan.FromHours(1));
        await ProduceInteractionsAsync("window", 30, WindowStart.AddMinutes(1), TimeSpan.FromMinutes(2));
        await ProduceInteractionsAsync("after", 6, RunStart.AddSeconds(1), TimeSpan.FromSeconds(10));
        await ProduceAsync(Topics.Items, "rh-item", new { itemId = "rh-item", category = "toys", price = 3.5, ts = WindowStart.AddDays(-30).ToUnixTimeMilliseconds() }, WindowStart.AddDays(-30));

        using var bootstrap = new KafkaBootstrap(Options.Create(new KafkaOptions { BootstrapServers = _kafka.Servers }), NullLogger<KafkaBootstrap>.Instance);
        var history = new RetrainingHistory(bootstrap, NullLogger<RetrainingHistory>.Instance)
            .Read(WindowStart.ToUnixTimeMilliseconds(), RunStart.ToUnixTimeMilliseconds(), CancellationToken.None);

        var interactions = history.Events.Where(e => e.Interaction is not null).Select(e => e.Interaction!.EventId).ToArray();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => "window-" + i).Order(), interactions.Order());
        Assert.Equal(["rh-item"], history.Events.Where(e => e.Item is not null).Select(e => e.Item!.ItemId));
    }

    private async Task ProduceInteractionsAsync(string prefix, int count, DateTimeOffset first, TimeSpan step)
    {
        for (var i = 0; i < count; i++)
        {
            var at = first + (step * i);
            var user = "rh-user-" + (i % 7);
            await ProduceAsync(Topics.Interactions, user, new { eventId = $"{prefix}-{i}", userId = user, itemId = "rh-item", type = "click", ts = at.ToUnixTimeMilliseconds() }, at);
        }
    }

    /// <summary>Produces with the message time of the event, as a producer that sends events as they happen does.</summary>
    private async Task ProduceAsync(string topic, string key, object value, DateTimeOffset at)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.Servers }).Build();
        await producer.ProduceAsync(topic, new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = JsonSerializer.SerializeToUtf8Bytes(value),
            Timestamp = new Timestamp(at),
        });
    }
}
