using System.Text.Json;
using Confluent.Kafka;
using OrleansRecsys.Features;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training;

/// <summary>
/// Closes the feedback loop: reads the prediction log (the exact vectors each candidate was scored with) and the
/// interaction stream from Kafka, and writes one JSON line per scored candidate with its label: 1 if the user
/// clicked, carted or bought that item from that response within the window, else 0. The trainer reads the file.
/// </summary>
public static class TrainingDataExporter
{
    /// <summary>Clocks differ between the serving silo and the client that reports outcomes: an outcome may precede asOf by this much.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="KafkaProperties">librdkafka settings for a secured cluster (<c>security.protocol</c>, <c>sasl.*</c>,
    /// <c>ssl.*</c>), the same keys as the grid's <c>Recsys:Kafka:Properties</c>.</param>
    /// <param name="Users">Only these users' predictions (as the log names them); all when null.</param>
    /// <param name="IncludePinned">Also export calls pinned to a version (evaluation traffic, left out by default).</param>
    public sealed record Options(
        string BootstrapServers, DateTimeOffset Since, TimeSpan Window, string OutputPath, string? Model = null,
        IReadOnlyDictionary<string, string>? KafkaProperties = null, IReadOnlySet<string>? Users = null, bool IncludePinned = false);

    public sealed record Summary(long Predictions, long Rows, long Positives, long Outcomes);

    public static async Task<Summary> ExportAsync(Options o, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var kafka = new KafkaClientConfigs(o.BootstrapServers, o.KafkaProperties);
        var outcomes = ReadEarliestOutcomes(kafka, progress, ct);
        long predictions = 0, rows = 0, positives = 0;
        await using (var writer = new StreamWriter(o.OutputPath))
        {
            foreach (var message in KafkaTopicReader.ReadAll(kafka, Topics.Predictions, progress, ct))
            {
                if (await WriteLabelledRowsAsync(writer, message, o, outcomes) is { } written)
                {
                    predictions++;
                    rows += written.Rows;
                    positives += written.Positives;
                }
            }
        }

        progress?.Report($"exported {rows} rows ({positives} positive) from {predictions} logged predictions and {outcomes.Count} attributed outcomes");
        return new Summary(predictions, rows, positives, outcomes.Count);
    }

    /// <summary>The earliest outcome (any interaction but a view) per response and item, in epoch milliseconds.</summary>
    private static Dictionary<(string RequestId, string ItemId), long> ReadEarliestOutcomes(KafkaClientConfigs kafka, IProgress<string>? progress, CancellationToken ct)
    {
        var earliest = new Dictionary<(string RequestId, string ItemId), long>();
        foreach (var message in KafkaTopicReader.ReadAll(kafka, Topics.Interactions, progress, ct))
        {
            var parsed = EventParser.ParseInteraction(message, long.MaxValue / 2);
            if (parsed.Value is { RequestId: not null, Type: not InteractionType.View } e)
            {
                var key = (e.RequestId, e.ItemId);
                earliest[key] = earliest.TryGetValue(key, out var seen) ? Math.Min(seen, e.TsMs) : e.TsMs;
            }
        }

        return earliest;
    }

    /// <summary>
    /// Writes one labelled line per scored candidate of a prediction-log record; null when the record is skipped
    /// (no logged vectors, older than <see cref="Options.Since"/>, another model or user, or a pinned call). Each line says
    /// whether the candidate was shown (in the answer's top K) and where: an unshown candidate that was not clicked says
    /// little about the user, and a trainer can weigh or drop it.
    /// </summary>
    private static async Task<(int Rows, int Positives)?> WriteLabelledRowsAsync(
        StreamWriter writer, byte[] message, Options o, Dictionary<(string RequestId, string ItemId), long> outcomes)
    {
        using var doc = JsonDocument.Parse(message);
        var root = doc.RootElement;
        if (!root.TryGetProperty("rows", out var rowsElement) || rowsElement.ValueKind != JsonValueKind.Array ||
            !root.TryGetProperty("asOf", out var asOfElement) || asOfElement.GetDateTimeOffset() < o.Since)
        {
            return null;
        }

        var model = root.GetProperty("model").GetString();
        if (IsFilteredOut(root, o, model))
        {
            return null;
        }

        var positions = ShownPositions(root);
        var requestId = root.GetProperty("requestId").GetString()!;
        var asOfMs = asOfElement.GetDateTimeOffset().ToUnixTimeMilliseconds();
        int rows = 0, positives = 0;
        foreach (var row in rowsElement.EnumerateArray())
        {
            var itemId = row.GetProperty("itemId").GetString()!;
            var label = outcomes.TryGetValue((requestId, itemId), out var at) && IsWithinWindow(at, asOfMs, o.Window);
            positives += label ? 1 : 0;
            rows++;
            int? position = positions.TryGetValue(itemId, out var p) ? p : null;
            await writer.WriteLineAsync(JsonSerializer.Serialize(new
            {
                requestId,
                userId = root.GetProperty("userId").GetString(),
                itemId,
                ts = asOfMs,
                model,
                version = root.GetProperty("version").GetString(),
                label,
                shown = position is not null,
                position,
                context = root.TryGetProperty("context", out var context) ? context : (JsonElement?)null,
                featureNames = root.GetProperty("featureNames"),
                values = row.GetProperty("values"),
            }));
        }

        return (rows, positives);
    }

    /// <summary>Another model, a user not asked for, or a pinned call the export was not told to include.</summary>
    private static bool IsFilteredOut(JsonElement root, Options o, string? model) =>
        (o.Model is not null && model != o.Model)
        || (o.Users is not null && !o.Users.Contains(root.GetProperty("userId").GetString() ?? ""))
        || (!o.IncludePinned && root.TryGetProperty("variant", out var variant) && variant.GetString() == Variants.Pinned);

    /// <summary>Each returned item's position in the answer (0 = first shown).</summary>
    private static Dictionary<string, int> ShownPositions(JsonElement root)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                positions.TryAdd(item.GetProperty("itemId").GetString()!, index++);
            }
        }

        return positions;
    }

    private static bool IsWithinWindow(long outcomeMs, long asOfMs, TimeSpan window) =>
        outcomeMs >= asOfMs - (long)ClockSkew.TotalMilliseconds && outcomeMs <= asOfMs + (long)window.TotalMilliseconds;

    /// <summary>A throwaway group that commits nothing: the export reads by assignment, never moving the grid's offsets.</summary>
    internal static ConsumerConfig ExportConsumerConfig(KafkaClientConfigs kafka)
    {
        var config = kafka.Consumer();
        config.GroupId = "recsys-export-" + Guid.NewGuid().ToString("N");
        config.EnableAutoCommit = false;
        config.EnablePartitionEof = true;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        return config;
    }
}
