using System.Buffers;
using System.Diagnostics;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference.Explanations;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Adds feature contributions (<see cref="OcclusionExplainer"/>) to the items of a ranked answer that asked for them. It
/// runs after the answer is settled and recorded: the scores, the rank latency metric, the version's serving stats and
/// the guardrails' per-row timing are those of the ranking alone, and the prediction log holds the unexplained answer.
/// Its model run goes straight to the silo's session, so it is not counted as scored rows either.
/// </summary>
internal sealed class RankExplainer(ModelSessionCache sessions)
{
    /// <summary>Contributions reported per item: the features with the largest effect on its score.</summary>
    public const int TopFeatures = 5;

    /// <summary>The answer with contributions on its items; unchanged when a model did not score it, when the request's
    /// deadline has passed, or when the explanation fails (the ranked answer stands, unexplained). Returns
    /// <see cref="ScoringResult.ExplainedRows"/> to the pool.</summary>
    public async ValueTask<RankResponse> ExplainAsync(RankRequest request, RankResponse response, ScoringResult scoring, bool withinDeadline)
    {
        if (scoring.ExplainedRows is not { } rows)
        {
            return response;
        }

        try
        {
            if (!withinDeadline || response.Fallback || response.Version is not { } version || response.Items.Length == 0)
            {
                return response;
            }

            var (loaded, _) = await sessions.GetAsync(request.Model, version);
            return loaded is null ? response : Explained(request.Candidates, response, loaded, rows);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    private static RankResponse Explained(string[] candidates, RankResponse response, LoadedModel loaded, float[] rows)
    {
        using var span = RecsysTracing.Source.StartActivity(RecsysTracing.ExplainSpan);
        span?.SetTag("recsys.explain.method", OcclusionExplainer.Method);
        span?.SetTag("recsys.explain.items", response.Items.Length);
        var width = loaded.Builder.Width;
        FeatureContribution[][] contributions;
        try
        {
            contributions = OcclusionExplainer.Explain(rows.AsSpan(0, candidates.Length * width), width, RowIndexes(candidates, response.Items),
                loaded.References, loaded.Builder.FeatureNames, TopFeatures, loaded.Scorer.Score);
        }
        catch (Exception ex)
        {
            // A session retired mid-request or a model that fails on the occluded rows: the answer goes out unexplained.
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return response;
        }

        var items = new RankedItem[response.Items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = response.Items[i] with { Contributions = contributions[i] };
        }

        return response with { Items = items };
    }

    /// <summary>Each ranked item's row: the first candidate with its id (a repeated id has the same features).</summary>
    private static int[] RowIndexes(string[] candidates, RankedItem[] items)
    {
        var firstIndex = new Dictionary<string, int>(candidates.Length, StringComparer.Ordinal);
        for (var i = 0; i < candidates.Length; i++)
        {
            firstIndex.TryAdd(candidates[i], i);
        }

        var indexes = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            indexes[i] = firstIndex[items[i].ItemId];
        }

        return indexes;
    }
}
