namespace OrleansRecsys.Grains.Serving;

/// <summary>Orders candidates into the response: by model score, or by popularity when the baseline answers.</summary>
internal static class RankResponseBuilder
{
    /// <param name="popularity">An item's popularity at the request time, read only when the baseline answers.</param>
    public static RankResponse Build(RankRequest request, DateTimeOffset asOf, RankingOutcome outcome, Func<string, double> popularity)
    {
        var candidates = request.Candidates;
        var ranked = outcome.Scoring.Scores is { } scores
            ? Top(candidates, request.K, index => scores[index])
            : Top(candidates, request.K, index => popularity(candidates[index]));
        return new RankResponse(outcome.RequestId, request.Model, outcome.Version, outcome.Variant, outcome.Scoring.Scores is null,
            outcome.FallbackReason, asOf, ranked);
    }

    /// <summary>The <paramref name="k"/> best candidates, score descending, ties in candidate order.</summary>
    public static RankedItem[] Top(string[] candidates, int k, Func<int, double> scoreOf)
    {
        var order = new ByScore[candidates.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = new ByScore(scoreOf(i), i);
        }

        Array.Sort(order);
        var ranked = new RankedItem[Math.Min(k, candidates.Length)];
        for (var i = 0; i < ranked.Length; i++)
        {
            ranked[i] = new RankedItem(candidates[order[i].Index], order[i].Score);
        }

        return ranked;
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
