using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Cli.Tests;

/// <summary><c>backfill --kafka</c> against the mock Kafka cluster: the topic's events in a time range, replayed as a file's.</summary>
public sealed class BackfillKafkaCommandTests : IDisposable
{
    private static readonly string CatalogPath = TrainCommand.FindCatalog(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("silo-config/features.json not found above the test directory");

    private readonly (IProducer<byte[], byte[]> Holder, string Servers) _kafka = MockKafkaCluster.Start();
    private readonly string _dir = Directory.CreateTempSubdirectory("recsys-backfill-kafka-").FullName;

    public void Dispose()
    {
        _kafka.Holder.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string File(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task Rows_from_a_topic_and_time_range_equal_the_rows_from_a_file_of_the_same_events_whatever_the_produce_order()
    {
        Assert.Equal(0, (await Run.Offline("simulate", "--out", File("all.jsonl"), "--events", "3000", "--users", "80", "--items", "40", "--seed", "5")).ExitCode);
        var lines = UniqueTimes(System.IO.File.ReadAllLines(File("all.jsonl")));
        var interactionTimes = lines.Where(l => l.Interaction).Select(l => l.TsMs).Order().ToArray();
        var (fromMs, toMs) = (interactionTimes[interactionTimes.Length / 5], interactionTimes[interactionTimes.Length * 4 / 5]);

        // The file holds what the range selects: every item upsert up to the end, the interactions inside it.
        System.IO.File.WriteAllLines(File("range.jsonl"),
            lines.Where(l => l.TsMs <= toMs && (!l.Interaction || l.TsMs >= fromMs)).Select(l => l.Text));
        await ProduceNewestFirstAsync(lines);

        string[] rowOptions = ["--negatives", "sampled", "--seed", "7", "--catalog", CatalogPath];
        var fromFile = await Run.Offline(["backfill", "--events", File("range.jsonl"), "--out", File("file-rows.jsonl"), .. rowOptions]);
        var fromKafka = await Run.Offline(["backfill", "--kafka", _kafka.Servers, "--topic", $"{Topics.Interactions},{Topics.Items}",
            "--from", Iso(fromMs), "--to", Iso(toMs), "--out", File("kafka-rows.jsonl"), .. rowOptions]);

        Assert.Equal((0, 0), (fromFile.ExitCode, fromKafka.ExitCode));
        var expected = System.IO.File.ReadAllLines(File("file-rows.jsonl"));
        Assert.True(expected.Length > 100, $"only {expected.Length} rows");
        Assert.Equal(expected, System.IO.File.ReadAllLines(File("kafka-rows.jsonl")));
        Assert.All(expected, row => Assert.InRange(JsonDocument.Parse(row).RootElement.GetProperty("ts").GetInt64(), fromMs, toMs));
    }

    [Theory]
    [InlineData("give --events FILE or --kafka HOST:PORT, one of them", "backfill", "--out", "o")]
    [InlineData("--topic goes with --kafka, not with --events", "backfill", "--events", "e", "--topic", "t", "--out", "o")]
    [InlineData("--from must not be later than --to", "backfill", "--kafka", "127.0.0.1:1", "--from", "2026-02-01", "--to", "2026-01-01", "--out", "o")]
    public async Task A_bad_source_is_a_usage_error_before_anything_is_read(string message, params string[] argv)
    {
        var run = await Run.Offline(argv);

        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O");

    /// <summary>The lines whose event time no other line shares: with ties gone, time order alone fixes the replay order.</summary>
    private static List<(string Text, long TsMs, bool Interaction)> UniqueTimes(string[] lines)
    {
        var parsed = lines.Select(l =>
        {
            var root = JsonDocument.Parse(l).RootElement;
            return (Text: l, TsMs: root.GetProperty("ts").GetInt64(), Interaction: root.TryGetProperty("userId", out _));
        }).ToList();
        var counts = parsed.CountBy(l => l.TsMs).ToDictionary();
        return parsed.Where(l => counts[l.TsMs] == 1).ToList();
    }

    /// <summary>Interactions to their topic keyed by user (so partitions interleave), items to theirs; newest first.</summary>
    private async Task ProduceNewestFirstAsync(List<(string Text, long TsMs, bool Interaction)> lines)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.Servers }).Build();
        foreach (var line in Enumerable.Reverse(lines))
        {
            var root = JsonDocument.Parse(line.Text).RootElement;
            var key = line.Interaction ? root.GetProperty("userId").GetString()! : root.GetProperty("itemId").GetString()!;
            producer.Produce(line.Interaction ? Topics.Interactions : Topics.Items,
                new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(line.Text) });
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
