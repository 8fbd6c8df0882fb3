using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// This consumer's view of its partitions' offset epochs: checked when a partition is assigned (its end offset
/// against the highest ever committed), recorded after every commit, and used to name each message's source.
/// A restarted partition is never silent: it is logged as an error and counted, and its events are applied under
/// a new epoch instead of being dropped below the old watermarks.
/// </summary>
internal sealed class SourceEpochs(IGrainFactory grains, RecsysMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan EndOffsetTimeout = TimeSpan.FromSeconds(10);

    public SourceNames Names { get; } = new();

    public async Task ObserveAsync(IConsumer<string, byte[]> consumer, IEnumerable<TopicPartition> assigned)
    {
        foreach (var partition in assigned)
        {
            var end = consumer.QueryWatermarkOffsets(partition, EndOffsetTimeout).High.Value;
            var epoch = await grains.GetGrain<ISourceEpochGrain>(SourceKey.Partition(partition.Topic, partition.Partition.Value)).ObserveAsync(end);
            Names.SetEpoch(partition.Topic, partition.Partition.Value, epoch.Epoch);
            if (epoch.Restarted)
            {
                metrics.OffsetEpochs.Add(1, new KeyValuePair<string, object?>("topic", partition.Topic));
                logger.LogError(
                    "Partition {Partition} ends at offset {End}, below the {Committed} already committed from it: the topic was recreated or the " +
                    "grid moved to another cluster. Its events are applied as offset epoch {Epoch}; event ids still de-duplicate re-sent events.",
                    partition, end, epoch.PreviousCommitted, epoch.Epoch);
            }
        }
    }

    public Task CommittedAsync(IEnumerable<TopicPartitionOffset> committed) =>
        Task.WhenAll(committed.Select(c => grains.GetGrain<ISourceEpochGrain>(SourceKey.Partition(c.Topic, c.Partition.Value)).CommittedAsync(c.Offset.Value)));
}
