using System.Text.Json;
using Confluent.Kafka;
using OrleansRecsys.Features;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Closes the feedback loop: reads the prediction log (the exact vectors each candidate was scored with) and the
/// interaction stream from Kafka, and writes one JSON line per scored candidate with its label: 1 if the user
/// clicked, carted or bought that item from that response within the window, else 0. The trainer reads the file.
/// </summary>
public static class TrainingDataExporter
{
    public sealed record Options(string BootstrapServers, DateTimeOffset Since, TimeSpan Window, string OutputPath, string? Model = null);

    public sealed record Summary(long Predictions, long Rows, long Positives, long Outcomes);

    public static async Task<Summary> ExportAsync(Options o, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        // The earliest outcome per (response, item): a label is positive only if it came within the window.
        var outcomes = new Dictionary<(string RequestId, string ItemId), long>();
        long outcomeCount = 0;
        foreach (var message in ReadAll(o.BootstrapServers, Topics.Interactions, progress, ct))
        {
            var parsed = EventParser.ParseInteraction(message, long.MaxValue / 2);
            if (parsed.Value is { RequestId: not null, Type: not InteractionType.View } e)
            {
                var key = (e.RequestId, e.ItemId);
                if (!outcomes.TryGetValue(key, out var seen))
                {
                    outcomeCount++;
                    outcomes[key] = e.TsMs;
                }
                else if (e.TsMs < seen)
                {
                    outcomes[key] = e.TsMs;
                }
            }
        }

        // Clocks differ between the serving silo and the client that reports outcomes: allow a little skew before asOf.
        var skewMs = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
        var windowMs = (long)o.Window.TotalMilliseconds;

        long predictions = 0, rows = 0, positives = 0;
        await using var writer = new StreamWriter(o.OutputPath);
        foreach (var message in ReadAll(o.BootstrapServers, Topics.Predictions, progress, ct))
        {
            using var doc = JsonDocument.Parse(message);
            var root = doc.RootElement;
            if (!root.TryGetProperty("rows", out var rowsEl) || rowsEl.ValueKind != JsonValueKind.Array ||
                !root.TryGetProperty("asOf", out var asOfEl) || asOfEl.GetDateTimeOffset() < o.Since)
            {
                continue;
            }

            var model = root.GetProperty("model").GetString();
            if (o.Model is not null && model != o.Model)
            {
                continue;
            }

            predictions++;
            var requestId = root.GetProperty("requestId").GetString()!;
            var names = root.GetProperty("featureNames");
            foreach (var row in rowsEl.EnumerateArray())
            {
                var itemId = row.GetProperty("itemId").GetString()!;
                var asOfMs = asOfEl.GetDateTimeOffset().ToUnixTimeMilliseconds();
                var label = outcomes.TryGetValue((requestId, itemId), out var at) && at >= asOfMs - skewMs && at <= asOfMs + windowMs;
                positives += label ? 1 : 0;
                rows++;
                await writer.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    requestId,
                    userId = root.GetProperty("userId").GetString(),
                    itemId,
                    ts = asOfEl.GetDateTimeOffset().ToUnixTimeMilliseconds(),
                    model,
                    version = root.GetProperty("version").GetString(),
                    label,
                    featureNames = names,
                    values = row.GetProperty("values"),
                }));
            }
        }

        progress?.Report($"exported {rows} rows ({positives} positive) from {predictions} logged predictions and {outcomeCount} attributed outcomes");
        return new Summary(predictions, rows, positives, outcomeCount);
    }

    /// <summary>Every message of a topic from the beginning up to its current end, without joining a consumer group's offsets.</summary>
    private static IEnumerable<byte[]> ReadAll(string bootstrap, string topic, IProgress<string>? progress, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "recsys-export-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var remaining = new HashSet<TopicPartition>(partitions.Where(p => ends[p] > 0));
        long n = 0;
        while (remaining.Count > 0 && !ct.IsCancellationRequested)
        {
            var m = consumer.Consume(TimeSpan.FromSeconds(5));
            if (m is null)
            {
                break;
            }

            if (m.IsPartitionEOF || m.Offset.Value >= ends[m.TopicPartition] - 1)
            {
                remaining.Remove(m.TopicPartition);
            }

            if (m.IsPartitionEOF || m.Message?.Value is null)
            {
                continue;
            }

            if (++n % 50_000 == 0)
            {
                progress?.Report($"{topic}: read {n} messages");
            }

            yield return m.Message.Value;
        }

        consumer.Close();
    }
}
