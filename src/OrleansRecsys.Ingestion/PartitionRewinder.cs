using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Goes back to the committed offsets, dropping everything uncommitted; grain watermarks make the replay harmless.
/// A rewind Kafka cannot do yet stays pending, and nothing is consumed until it is done, because the grains'
/// expectations were already reset.
/// </summary>
internal sealed class PartitionRewinder(RecsysMetrics metrics, UncommittedWork uncommitted, ILogger logger)
{
    private string _reason = "";

    public bool IsPending { get; private set; }

    public void Rewind(IConsumer<string, byte[]> consumer, string reason)
    {
        IsPending = true;
        _reason = reason;
        metrics.Rewinds.Add(1, new KeyValuePair<string, object?>("reason", reason));
        uncommitted.Discard();
        TryComplete(consumer);
    }

    /// <summary>Seeks every owned partition to its committed offset. Kafka errors keep the rewind pending (retried
    /// before the next consume); a partition not fetching yet starts at its committed offset anyway.</summary>
    public bool TryComplete(IConsumer<string, byte[]> consumer)
    {
        try
        {
            SeekToCommitted(consumer);
            uncommitted.Checkpoints.Reset();
            IsPending = false;
            return true;
        }
        catch (KafkaException ex)
        {
            logger.LogWarning(ex, "Rewind failed; retrying before consuming anything else");
            return false;
        }
    }

    private void SeekToCommitted(IConsumer<string, byte[]> consumer)
    {
        var assignment = consumer.Assignment;
        if (assignment.Count == 0)
        {
            return;
        }

        var committed = consumer.Committed(assignment, TimeSpan.FromSeconds(10));
        foreach (var position in committed)
        {
            try
            {
                consumer.Seek(new TopicPartitionOffset(position.TopicPartition, position.Offset == Offset.Unset ? Offset.Beginning : position.Offset));
            }
            catch (KafkaException e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_State)
            {
                // Assigned but not fetching yet: it will start from the committed offset.
            }
        }

        logger.LogInformation("Rewound {Count} partitions to their committed offsets ({Reason})", committed.Count, _reason);
    }
}
