namespace OrleansRecsys.Training.Evaluation;

/// <summary>
/// Metrics of one positive ranked among sampled negatives. A negative that ties the positive is ranked above it for
/// HR and NDCG (a ranker that gives everything the same score earns nothing) and counts one half for AUC.
/// </summary>
public static class RankingMetrics
{
    public static CaseMetrics Score(float positive, ReadOnlySpan<float> negatives, int k)
    {
        int above = 0, ties = 0;
        foreach (var negative in negatives)
        {
            above += negative > positive ? 1 : 0;
            ties += negative == positive ? 1 : 0;
        }

        // Zero-based position of the positive with ties broken against it.
        var rank = above + ties;
        var hit = rank < k ? 1.0 : 0.0;

        // One relevant item, so the ideal DCG is 1 and NDCG is the discount at the positive's position.
        var ndcg = rank < k ? 1 / Math.Log2(rank + 2) : 0.0;
        var auc = negatives.Length == 0 ? 0.5 : (negatives.Length - above - (ties / 2.0)) / negatives.Length;
        return new CaseMetrics(hit, ndcg, auc);
    }
}
