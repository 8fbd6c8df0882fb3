namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// The rule of GET /v1/recommendations/{userId}: a precomputed list answers when it is at most the freshness bound old
/// and its run asked for at least k; otherwise a user without history gets popular items, and anyone else online ranking.
/// </summary>
internal static class RecommendationSourcing
{
    /// <summary>The source and its reason for a request of <paramref name="k"/> items.</summary>
    public static (string Source, string Reason) Choose(PrecomputedRecommendations? stored, int k, long maxAgeMs, DateTimeOffset now, bool hasHistory)
    {
        string whyNotPrecomputed;
        if (stored is null)
        {
            whyNotPrecomputed = RecommendationReasons.Missing;
        }
        else if ((now - stored.ComputedAt).TotalMilliseconds > maxAgeMs)
        {
            whyNotPrecomputed = RecommendationReasons.Stale;
        }
        else if (stored.K < k)
        {
            whyNotPrecomputed = RecommendationReasons.TooShort;
        }
        else
        {
            return (RecommendationSources.Precomputed, RecommendationReasons.Fresh);
        }

        return hasHistory ? (RecommendationSources.Online, whyNotPrecomputed) : (RecommendationSources.Popular, RecommendationReasons.NoHistory);
    }
}
