using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training;

/// <summary>
/// Reads a topic from its beginning up to its end as it is when reading starts, by assignment in a throwaway consumer
/// group: the grid's own offsets never move. The training export and the autopilot's history read the log this way.
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

    /// <summary>Each partition of the topic with its current high watermark: where this read stops.</summary>
    private static Dictionary<TopicPartition, long> EndOffsets(IConsumer<Ignore, byte[]> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        return admin.GetMetadata(topic, MetadataTimeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId))
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, MetadataTimeout).High.Value);
    }
}
