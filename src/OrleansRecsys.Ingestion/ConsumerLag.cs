using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace OrleansRecsys.Ingestion;

/// <summary>Messages between the consumer's position and each owned partition's end, measured on the consumer
/// thread and read by the <c>recsys_ingest_consumer_lag</c> gauge from the metrics thread.</summary>
internal sealed class ConsumerLag
{
    private readonly Dictionary<TopicPartition, long> _byPartition = new();

    public void Update(IConsumer<string, byte[]> consumer)
    {
        lock (_byPartition)
        {
            _byPartition.Clear();
            foreach (var partition in consumer.Assignment)
            {
                var watermarks = consumer.GetWatermarkOffsets(partition);
                var position = consumer.Position(partition);
                if (watermarks.High != Offset.Unset && position != Offset.Unset)
                {
                    _byPartition[partition] = Math.Max(0, watermarks.High.Value - position.Value);
                }
            }
        }
    }

    public IEnumerable<Measurement<long>> Observe()
    {
        lock (_byPartition)
        {
            return _byPartition.Select(kv => new Measurement<long>(kv.Value,
                new KeyValuePair<string, object?>("topic", kv.Key.Topic),
                new KeyValuePair<string, object?>("partition", kv.Key.Partition.Value))).ToArray();
        }
    }
}
