using System.Diagnostics;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains;

/// <summary>
/// The grid's series at 0 from the start. Closed label sets (fallback reasons, rollout actions, shadow outcomes) start
/// in full; families labelled by model start with the catch-all <c>model="unknown"</c> series, and a real model's
/// series appear with its first measurement.
/// </summary>
internal static class GridMetricSeries
{
    public static readonly KnownMetricSeries Series = new(Export);

    /// <summary>The feature label of the data-quality family's catch-all series (with <c>model="unknown"</c>).</summary>
    public const string UnknownFeatureLabel = "unknown";

    private static void Export(RecsysMetrics metrics)
    {
        const string model = RankingRecorder.UnknownModelLabel;
        metrics.RankRequests.Add(0, new TagList { { "model", model }, { "variant", Variants.None }, { "version", RankingRecorder.NoVersionLabel } });
        foreach (var reason in FallbackReasons.All)
        {
            metrics.Fallbacks.Add(0, new TagList { { "model", model }, { "variant", Variants.None }, { "reason", reason } });
        }

        metrics.Scores.Add(0);
        foreach (var outcome in new[] { ShadowScorer.Scored, ShadowScorer.Failed })
        {
            metrics.ShadowScored.Add(0, new TagList { { "model", model }, { "version", RankingRecorder.NoVersionLabel }, { "outcome", outcome } });
        }

        metrics.ShadowDropped.Add(0, new KeyValuePair<string, object?>("model", model));
        foreach (var action in RolloutActions.All)
        {
            metrics.RolloutChanges.Add(0, new KeyValuePair<string, object?>("action", action));
        }

        metrics.AutoRollbacks.Add(0, new KeyValuePair<string, object?>("model", model));
        metrics.ModelsLoaded.Add(0);
        foreach (var state in Resilience.ModelCircuitStates.All)
        {
            metrics.ModelCircuitTransitions.Add(0, new TagList { { "model", model }, { "version", RankingRecorder.NoVersionLabel }, { "state", state } });
        }

        foreach (var outcome in Batch.BatchOutcomes.All)
        {
            metrics.BatchUsers.Add(0, new TagList { { "model", model }, { "outcome", outcome } });
        }

        foreach (var status in new[] { global::OrleansRecsys.Features.Freshness.Expired, global::OrleansRecsys.Features.Freshness.Missing })
        {
            metrics.FeatureFallbacks.Add(0, new TagList { { "feature", UnknownFeatureLabel }, { "status", status } });
        }

        metrics.DataQualityRows.Add(0, new KeyValuePair<string, object?>("model", model));
        foreach (var kind in Monitoring.DataQualityKinds.All)
        {
            metrics.DataQualityValues.Add(0, new TagList { { "model", model }, { "feature", UnknownFeatureLabel }, { "kind", kind } });
        }

        foreach (var result in Rollout.LookupResults.All)
        {
            metrics.ModelLookups.Add(0, new KeyValuePair<string, object?>("result", result));
        }
    }
}
