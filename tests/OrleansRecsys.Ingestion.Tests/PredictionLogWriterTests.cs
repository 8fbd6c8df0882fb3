using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>
/// The prediction log writer: the scored values it writes read back as the values served, bit for bit, whichever way each
/// is formatted; and records logged in a burst all reach <c>recsys.predictions</c> on librdkafka's mock broker, a full
/// producer queue being waited out by the retry path rather than dropping what the direct produce could not hand over.
/// </summary>
public sealed class PredictionLogWriterTests : IDisposable
{
    private static readonly string[] FeatureNames = ["a", "b", "c", "d", "e", "f", "g", "h"];

    private readonly RecsysMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public void Logged_values_read_back_as_the_values_served_bit_for_bit()
    {
        float[] served = [14f, 0.1f, -0f, 0f, -3f, 16_777_215f, 16_777_216f, 3.4e38f, 1e-7f, -2.5f, 123456.78f, float.NaN, float.PositiveInfinity, 7f, -1e9f, 0.333333343f];
        var read = RoundTrip(served);

        for (var i = 0; i < served.Length; i++)
        {
            if (float.IsFinite(served[i]))
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(served[i]), BitConverter.SingleToInt32Bits(read[i]!.Value));
            }
            else
            {
                Assert.Null(read[i]);
            }
        }
    }

    [Fact]
    public void Feature_names_head_the_logged_rows_and_a_record_without_rows_repeats_none()
    {
        using var withRows = JsonDocument.Parse(Record(Context([1f, 2.5f])));
        using var withoutRows = JsonDocument.Parse(Record(Context(null)));

        Assert.Equal(FeatureNames, withRows.RootElement.GetProperty("featureNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(FeatureNames.Length, withRows.RootElement.GetProperty("rows")[0].GetProperty("values").GetArrayLength());
        Assert.False(withoutRows.RootElement.TryGetProperty("featureNames", out _));
        Assert.False(withoutRows.RootElement.TryGetProperty("rows", out _));
        Assert.Equal("r1", withoutRows.RootElement.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_burst_into_a_full_producer_queue_is_logged_whole()
    {
        var (mock, servers) = MockKafkaCluster.Start();
        using var _ = mock;
        var kafka = new KafkaOptions { BootstrapServers = servers, Properties = new() { ["queue.buffering.max.messages"] = "1" } };
        var retries = new KafkaRetries(Options.Create(new KafkaRetryOptions { MaxRetries = 200, BaseDelayMs = 1, MaxDelayMs = 20 }), _metrics);
        using var bootstrap = new KafkaBootstrap(Options.Create(kafka), NullLogger<KafkaBootstrap>.Instance);
        using var publisher = new EventPublisher(bootstrap, _metrics, NullLogger<EventPublisher>.Instance, retries);
        using var writer = new PredictionLogWriter(publisher, _metrics, UserPseudonyms.Off);
        await writer.StartAsync(CancellationToken.None);

        const int Records = 30;
        for (var i = 0; i < Records; i++)
        {
            writer.Log(Context(i % 3 == 0 ? [1f, 2.5f] : null), Response($"r{i}"));
        }

        var logged = ReadRequestIds(servers, Records);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, Records).Select(i => $"r{i}").Order(), logged.Order());
    }

    /// <summary>Writes one record whose single row holds <paramref name="values"/> (padded to whole rows) and reads the row back.</summary>
    private static float?[] RoundTrip(float[] values)
    {
        var width = FeatureNames.Length;
        var candidates = Enumerable.Range(0, (values.Length + width - 1) / width).Select(i => $"i{i}").ToArray();
        var rows = ArrayPool<float>.Shared.Rent(candidates.Length * width);
        values.CopyTo(rows, 0);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            PredictionLogWriter.Write(json, "u1", new RankRequestContext("u1", 0, FeatureNames, candidates, rows), Response("r1"));
        }

        ArrayPool<float>.Shared.Return(rows);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.GetProperty("rows").EnumerateArray()
            .SelectMany(row => row.GetProperty("values").EnumerateArray())
            .Select(v => v.ValueKind == JsonValueKind.Null ? (float?)null : v.GetSingle())
            .Take(values.Length)
            .ToArray();
    }

    private static byte[] Record(RankRequestContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            PredictionLogWriter.Write(json, "u1", context, Response("r1"));
        }

        if (context.Rows is { } rows)
        {
            ArrayPool<float>.Shared.Return(rows);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static RankRequestContext Context(float[]? values)
    {
        float[]? rows = null;
        if (values is not null)
        {
            rows = ArrayPool<float>.Shared.Rent(FeatureNames.Length);
            Array.Clear(rows);
            values.CopyTo(rows, 0);
        }

        return new RankRequestContext("u1", 0, FeatureNames, ["i1"], rows);
    }

    private static RankResponse Response(string requestId) =>
        new(requestId, "ranker", "v1", "stable", false, null, DateTimeOffset.UnixEpoch, [new RankedItem("i1", 0.5)]);

    /// <summary>The request ids of the first <paramref name="expected"/> records of the topic (waiting up to 30 s for them).</summary>
    private static List<string> ReadRequestIds(string servers, int expected)
    {
        var config = new ConsumerConfig { BootstrapServers = servers, GroupId = "prediction-log-test", AutoOffsetReset = AutoOffsetReset.Earliest };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        consumer.Subscribe(Topics.Predictions);
        var ids = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ids.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message.Value: { } value })
            {
                using var doc = JsonDocument.Parse(value);
                ids.Add(doc.RootElement.GetProperty("requestId").GetString()!);
            }
        }

        return ids;
    }
}
