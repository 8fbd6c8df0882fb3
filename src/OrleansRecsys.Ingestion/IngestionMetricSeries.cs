using System.Diagnostics;
using OrleansRecsys.Features;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>The consumer's series at 0 from the start: every reason, trigger and consumed topic it can label a count with.</summary>
internal static class IngestionMetricSeries
{
    /// <summary>The topics the consumer reads, so the topics its rejects and offset epochs can name.</summary>
    private static readonly string[] Consumed = [Topics.Interactions, Topics.Items];

    public static readonly KnownMetricSeries Series = new(Export);

    private static void Export(RecsysMetrics metrics)
    {
        metrics.EventsApplied.Add(0);
        metrics.EventsDuplicate.Add(0);
        foreach (var reason in RejectReasons.All)
        {
            // Only interactions are checked against their user's de-duplication horizon.
            foreach (var topic in reason == RejectReasons.OutsideDeduplicationHorizon ? [Topics.Interactions] : Consumed)
            {
                metrics.EventsRejected.Add(0, new TagList { { "reason", reason }, { "topic", topic } });
            }
        }

        foreach (var why in CheckpointTriggers.All)
        {
            metrics.Checkpoints.Add(0, new KeyValuePair<string, object?>("why", why));
        }

        foreach (var reason in RewindReasons.All)
        {
            metrics.Rewinds.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        metrics.CommitsDeferred.Add(0);
        foreach (var operation in KafkaRetries.Operations)
        {
            metrics.KafkaRetries.Add(0, new KeyValuePair<string, object?>("operation", operation));
            metrics.KafkaRetriesExhausted.Add(0, new KeyValuePair<string, object?>("operation", operation));
        }

        metrics.StorageBackoffs.Add(0);
        foreach (var topic in Consumed)
        {
            metrics.OffsetEpochs.Add(0, new KeyValuePair<string, object?>("topic", topic));
        }

        foreach (var (kind, topic) in SchemaChangeKinds.Series)
        {
            metrics.SchemaChanges.Add(0, new TagList { { "kind", kind }, { "topic", topic } });
        }

        metrics.PredictionsLogged.Add(0);
        metrics.PredictionsDropped.Add(0);
    }
}
