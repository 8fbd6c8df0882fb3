using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training.Tests;

/// <summary>The export against the mock Kafka cluster: which predictions it keeps, and how each row says whether it was shown.</summary>
public sealed class ExportFilterTests : IDisposable
{
    private readonly (IProducer<byte[], byte[]> Holder, string Servers) _kafka = MockKafkaCluster.Start();
    private readonly string _file = Path.GetTempFileName();

    public void Dispose()
    {
        _kafka.Holder.Dispose();
        File.Delete(_file);
    }

    private static string Prediction(string requestId, string userId, string variant) => JsonSerializer.Serialize(new
    {
        requestId, userId, model = "ranker", version = "v1", variant, fallback = false, asOf = DateTimeOffset.UtcNow,
        items = new[] { new { itemId = "i2", score = 0.9 }, new { itemId = "i1", score = 0.8 } },
        featureNames = new[] { "item_price" },
        rows = new[] { new { itemId = "i1", values = new[] { 1f } }, new { itemId = "i2", values = new[] { 2f } }, new { itemId = "i3", values = new[] { 3f } } },
    });

    private async Task ProduceAsync(string topic, string key, string value)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.Servers }).Build();
        await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value) });
    }

    [Fact]
    public async Task Rows_mark_shown_candidates_with_their_position_and_pinned_calls_and_other_users_are_left_out()
    {
        await ProduceAsync(Topics.Predictions, "u1", Prediction("r-a", "u1", Variants.Stable));
        await ProduceAsync(Topics.Predictions, "u1", Prediction("r-pinned", "u1", Variants.Pinned));
        await ProduceAsync(Topics.Predictions, "u2", Prediction("r-b", "u2", Variants.Stable));
        var click = JsonSerializer.Serialize(new { eventId = "e1", userId = "u1", itemId = "i1", type = "click", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), requestId = "r-a" });
        await ProduceAsync(Topics.Interactions, "u1", click);

        var summary = await TrainingDataExporter.ExportAsync(new TrainingDataExporter.Options(
            _kafka.Servers, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), _file, Users: new HashSet<string> { "u1" }));

        Assert.Equal((1L, 3L, 1L), (summary.Predictions, summary.Rows, summary.Positives));
        var rows = File.ReadAllLines(_file).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("itemId").GetString()!);
        Assert.True(rows["i1"].GetProperty("label").GetBoolean());
        Assert.Equal((true, 1), (rows["i1"].GetProperty("shown").GetBoolean(), rows["i1"].GetProperty("position").GetInt32()));
        Assert.Equal((true, 0), (rows["i2"].GetProperty("shown").GetBoolean(), rows["i2"].GetProperty("position").GetInt32()));
        Assert.False(rows["i3"].GetProperty("shown").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rows["i3"].GetProperty("position").ValueKind);

        var withPinned = await TrainingDataExporter.ExportAsync(new TrainingDataExporter.Options(
            _kafka.Servers, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), _file, IncludePinned: true));
        Assert.Equal(3L, withPinned.Predictions);
    }
}
