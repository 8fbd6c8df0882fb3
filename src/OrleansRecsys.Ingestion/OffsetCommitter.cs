using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Hands the offsets of durable state to librdkafka, which commits them from its own thread (see
/// <see cref="IngestionConsumerConfig"/>): every <see cref="IngestionConsumerConfig.CommitIntervalMs"/> while the
/// group is stable, and when partitions leave this consumer (revocation, close). Consuming stores nothing, so no
/// offset is committed that a checkpoint did not store first.
/// <para>Why not commit on the consumer loop: a synchronous commit sent while this member is rejoining a rebalancing
/// group waits behind its join request until the group has re-formed (librdkafka's mock broker holds a round for the
/// session timeout minus one second), so the loop stops applying events for the partitions it keeps, and the commit
/// then fails anyway, carrying the generation the group has just left ("generation id is not valid"). librdkafka's
/// own commits are sent only while the group is stable, and never hold the loop.</para>
/// </summary>
internal sealed class OffsetCommitter(RecsysMetrics metrics, ILogger logger)
{
    /// <summary>Stores <paramref name="offsets"/> for the next background commit. False when librdkafka refuses (the
    /// assignment was just lost): the caller keeps them pending, and the partitions' next owner replays from the last
    /// commit if they go.</summary>
    public bool TryStore(IConsumer<string, byte[]> consumer, List<TopicPartitionOffset> offsets, string trigger)
    {
        try
        {
            foreach (var offset in offsets)
            {
                consumer.StoreOffset(offset);
            }

            return true;
        }
        catch (KafkaException ex)
        {
            metrics.CommitsDeferred.Add(1);
            logger.LogInformation("Offsets of {Count} partitions kept for the next checkpoint: {Reason} ({Why})", offsets.Count, ex.Error.Reason, trigger);
            return false;
        }
    }

    /// <summary>The outcome of a background commit, raised on the consumer loop's thread while it polls. A refused
    /// commit needs nothing from us: the stored offsets stay stored and librdkafka sends them again with its next
    /// commit.</summary>
    public void Committed(CommittedOffsets result)
    {
        if (result.Error.Code == Confluent.Kafka.ErrorCode.Local_NoOffset)
        {
            return; // nothing stored since the last commit
        }

        var refused = result.Error.IsError ? result.Offsets.Count : result.Offsets.Count(o => o.Error.IsError);
        if (refused == 0)
        {
            return;
        }

        metrics.CommitsDeferred.Add(1);
        var reason = result.Error.IsError ? result.Error.Reason : result.Offsets.First(o => o.Error.IsError).Error.Reason;
        logger.LogInformation("Commit of {Count} offsets refused, sent again with the next commit: {Reason}", refused, reason);
    }
}
