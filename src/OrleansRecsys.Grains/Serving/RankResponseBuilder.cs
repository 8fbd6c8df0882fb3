using System.Buffers;

namespace OrleansRecsys.Grains.Serving;

/// <summary>Orders candidates into the response: by model score, or by popularity when the baseline answers.</summary>
internal static class RankResponseBuilder
{
    /// <param name="popularity">An item's popularity at the request time, read only when the baseline answers.</param>
    public static RankResponse Build(RankRequest request, DateTimeOffset asOf, RankingOutcome outcome, Func<string, double> popularity)
    {
        var candidates = request.Candidates;
        var ranked = outcome.Scoring.Scores is { } scores ? Top(candidates, request.K, scores) : Top(candidates, request.K, popularity);
        return new RankResponse(outcome.RequestId, request.Model, outcome.Version, outcome.Variant, outcome.Scoring.Scores is null,
            outcome.FallbackReason, asOf, ranked);
    }

    /// <summary>The <paramref name="k"/> best candidates by model score (one per candidate), score descending, ties in candidate order.</summary>
    public static RankedItem[] Top(string[] candidates, int k, float[] scores)
    {
        var order = ArrayPool<ByScore>.Shared.Rent(candidates.Length);
        for (var i = 0; i < candidates.Length; i++)
        {
            order[i] = new ByScore(scores[i], i);
        }

        return Ranked(candidates, k, order);
    }

    /// <summary>The <paramref name="k"/> best candidates by <paramref name="scoreOf"/> (of the candidate), score descending, ties in candidate order.</summary>
    public static RankedItem[] Top(string[] candidates, int k, Func<string, double> scoreOf)
    {
        var order = ArrayPool<ByScore>.Shared.Rent(candidates.Length);
        for (var i = 0; i < candidates.Length; i++)
        {
            order[i] = new ByScore(scoreOf(candidates[i]), i);
        }

        return Ranked(candidates, k, order);
    }

    /// <summary>Sorts the first candidates.Length entries of the rented <paramref name="order"/>, takes the top k, returns the array.</summary>
    private static RankedItem[] Ranked(string[] candidates, int k, ByScore[] order)
    {
        try
        {
            Array.Sort(order, 0, candidates.Length);
            var ranked = new RankedItem[Math.Min(k, candidates.Length)];
            for (var i = 0; i < ranked.Length; i++)
            {
                ranked[i] = new RankedItem(candidates[order[i].Index], order[i].Score);
            }

            return ranked;
        }
        finally
        {
            ArrayPool<ByScore>.Shared.Return(order);
        }
    }

    /// <summary>Score descending, ties in candidate order: a plain struct sort, no comparison closure per request.</summary>
    private readonly record struct ByScore(double Score, int Index) : IComparable<ByScore>
    {
        public int CompareTo(ByScore other)
        {
            var byScore = other.Score.CompareTo(Score);
            return byScore != 0 ? byScore : Index.CompareTo(other.Index);
        }
    }
}
