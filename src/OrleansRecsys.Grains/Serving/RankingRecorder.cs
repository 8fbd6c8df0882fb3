using System.Diagnostics;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Serving;

/// <summary>What every answered rank request leaves behind: metrics, the version's serving stats, and a prediction log record.</summary>
internal sealed class RankingRecorder(RecsysMetrics metrics, VariantStatsCollector stats, IPredictionSink predictions)
{
    /// <summary>Unknown model names share one label value, so callers cannot create metric series at will.</summary>
    public const string UnknownModelLabel = "unknown";

    /// <summary>The <c>version</c> label of an answer no model version gave.</summary>
    public const string NoVersionLabel = "none";

    /// <param name="elapsedMs">The request's time in the grid; the histogram takes seconds, the serving stats milliseconds.</param>
    public void Record(RankRequest request, RankResponse response, RankingOutcome outcome, double elapsedMs, bool logPrediction)
    {
        var modelLabel = outcome.Variant == Variants.None ? UnknownModelLabel : request.Model;
        var tags = new TagList { { "model", modelLabel }, { "variant", outcome.Variant }, { "version", outcome.Version ?? NoVersionLabel } };
        metrics.RankRequests.Add(1, tags);
        metrics.RankLatency.Record(elapsedMs / 1000, tags);
        if (response.Fallback)
        {
            metrics.Fallbacks.Add(1, new KeyValuePair<string, object?>("model", modelLabel), new KeyValuePair<string, object?>("variant", outcome.Variant),
                new KeyValuePair<string, object?>("reason", response.FallbackReason));
        }

        // A pinned call is an evaluation outside the experiment: it must not move a variant's numbers or a guardrail.
        if (outcome.Variant != Variants.Pinned)
        {
            stats.Record(request.Model, outcome.Version, elapsedMs, error: outcome.IsModelError, response.Fallback, response.Items.Length,
                circuitOpen: response.FallbackReason == FallbackReasons.CircuitOpen);
            if (outcome.Guardrail is { } sample && outcome.Version is { } version)
            {
                stats.RecordGuardrail(request.Model, version, sample);
            }
        }

        if (logPrediction)
        {
            var context = new RankRequestContext(request.UserId, response.AsOf.ToUnixTimeMilliseconds(), outcome.Scoring.FeatureNames, request.Candidates,
                outcome.Scoring.LoggedRows, RecsysTracing.CurrentTraceId(), request.Context);
            predictions.Log(context, response);
        }
    }
}
