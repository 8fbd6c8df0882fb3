using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training;

/// <summary>
/// Reads a topic from its beginning up to its end as it is when reading starts, by assignment in a throwaway consumer
/// group: the grid's own offsets never move. The training export reads the whole log this way; the autopilot's history reads
/// only a time window of it, seeking each partition by message time so the log before the window is never fetched.
/// </summary>
public static class KafkaTopicReader
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Every message value of <paramref name="topic"/>, partition by partition in offset order.</summary>
    public static IEnumerable<byte[]> ReadAll(KafkaClientConfigs kafka, string topic, IProgress<string>? progress, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(TrainingDataExporter.ExportConsumerConfig(kafka)).Build();
        var ends = EndOffsets(consumer, topic);
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var remaining = new HashSet<TopicPartition>(ends.Keys.Where(p => ends[p] > 0));
        long read = 0;
        while (remaining.Count > 0 && !ct.IsCancellationRequested)
        {
            var m = consumer.Consume(ConsumeTimeout);
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

            if (++read % 50_000 == 0)
            {
                progress?.Report($"{topic}: read {read} messages");
            }

            yield return m.Message.Value;
        }

        consumer.Close();
    }

    /// <summary>
    /// The message values of <paramref name="topic"/> whose message time lies in [<paramref name="fromMs"/>,
    /// <paramref name="untilMs"/>), partition by partition in offset order. Each partition is read from the first offset
    /// at or after <paramref name="fromMs"/> to the first at or after <paramref name="untilMs"/> (Kafka's offsets-for-times,
    /// or a binary search over message times where the broker cannot answer); a filter on each message's time keeps the
    /// window exact when a producer's clock put messages out of order.
    /// </summary>
    public static IEnumerable<byte[]> ReadWindow(KafkaClientConfigs kafka, string topic, long fromMs, long untilMs, TopicReadTally tally, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(TrainingDataExporter.ExportConsumerConfig(kafka)).Build();
        var bounds = WindowBounds(consumer, topic, fromMs, untilMs);
        var remaining = new HashSet<TopicPartition>(bounds.Keys.Where(p => bounds[p].End > bounds[p].Start));
        consumer.Assign(remaining.Select(p => new TopicPartitionOffset(p, bounds[p].Start)));
        while (remaining.Count > 0 && !ct.IsCancellationRequested)
        {
            var m = consumer.Consume(ConsumeTimeout);
            if (m is null)
            {
                break;
            }

            var end = bounds[m.TopicPartition].End;
            if (m.IsPartitionEOF || m.Offset.Value >= end - 1)
            {
                remaining.Remove(m.TopicPartition);
                consumer.Pause([m.TopicPartition]); // the window's end: nothing after it is fetched
            }

            if (m.IsPartitionEOF || m.Offset.Value >= end)
            {
                continue;
            }

            tally.Read++;
            var ts = m.Message.Timestamp.UnixTimestampMs;
            if (m.Message.Value is null || ts < fromMs || ts >= untilMs)
            {
                tally.PassedOver++;
                continue;
            }

            yield return m.Message.Value;
        }

        consumer.Close();
    }

    /// <summary>Each partition of the topic with its current high watermark: where this read stops.</summary>
    private static Dictionary<TopicPartition, long> EndOffsets(IConsumer<Ignore, byte[]> consumer, string topic) =>
        Partitions(consumer, topic).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, MetadataTimeout).High.Value);

    /// <summary>Each partition's offsets [Start, End) that can hold messages of the window, within its watermarks.</summary>
    private static Dictionary<TopicPartition, (long Start, long End)> WindowBounds(IConsumer<Ignore, byte[]> consumer, string topic, long fromMs, long untilMs)
    {
        var bounds = new Dictionary<TopicPartition, (long Start, long End)>();
        foreach (var partition in Partitions(consumer, topic))
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, MetadataTimeout);
            var (low, high) = (watermarks.Low.Value, watermarks.High.Value);
            var start = Math.Clamp(OffsetAt(consumer, partition, fromMs, low, high) ?? low, low, high);
            var end = Math.Clamp(OffsetAt(consumer, partition, untilMs, start, high) ?? high, start, high);
            bounds[partition] = (start, end);
        }

        return bounds;
    }

    /// <summary>The first offset in [<paramref name="low"/>, <paramref name="high"/>) whose message time is at or after
    /// <paramref name="timeMs"/> (<paramref name="high"/> when every message is older), or null for no lower bound. The
    /// broker's offsets-for-times answers where it can; where it cannot (librdkafka's mock broker answers "none" to every
    /// time), a binary search over message times does, a few single-message fetches instead of the whole partition.</summary>
    private static long? OffsetAt(IConsumer<Ignore, byte[]> consumer, TopicPartition partition, long timeMs, long low, long high)
    {
        if (timeMs <= 0)
        {
            return null; // before the epoch: no message is older, read from the start
        }

        try
        {
            var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(timeMs, TimestampType.CreateTime))], MetadataTimeout).Single();
            if (found.Offset.Value >= 0)
            {
                return found.Offset.Value;
            }
        }
        catch (KafkaException)
        {
            // a broker without time lookups: search
        }

        return SearchByTime(consumer, partition, timeMs, low, high);
    }

    /// <summary>Binary search for the first offset with a message time at or after <paramref name="timeMs"/>, taking message
    /// times as rising with offsets (the filter on each record keeps the window if a producer's clock broke that).</summary>
    private static long? SearchByTime(IConsumer<Ignore, byte[]> consumer, TopicPartition partition, long timeMs, long low, long high)
    {
        var (from, to) = (low, high);
        while (from < to)
        {
            var middle = from + ((to - from) / 2);
            if (MessageAt(consumer, partition, middle) is not { } message)
            {
                return null; // the partition did not answer: read it from its start
            }

            if (message.TimeMs < timeMs)
            {
                from = message.Offset + 1;
            }
            else
            {
                to = middle;
            }
        }

        return from;
    }

    /// <summary>The first message at or after <paramref name="offset"/>: its offset and message time; null when none came.</summary>
    private static (long Offset, long TimeMs)? MessageAt(IConsumer<Ignore, byte[]> consumer, TopicPartition partition, long offset)
    {
        consumer.Assign(new TopicPartitionOffset(partition, offset));
        while (consumer.Consume(ConsumeTimeout) is { } m)
        {
            if (m.IsPartitionEOF)
            {
                return null;
            }

            if (m.TopicPartition == partition && m.Offset.Value >= offset)
            {
                return (m.Offset.Value, m.Message.Timestamp.UnixTimestampMs);
            }
        }

        return null;
    }

    private static IEnumerable<TopicPartition> Partitions(IConsumer<Ignore, byte[]> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        return [.. admin.GetMetadata(topic, MetadataTimeout).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId))];
    }
}
