using OrleansRecsys.Training.Evaluation;

namespace OrleansRecsys.Training.Tests;

public sealed class EvaluationMetricsTests
{
    [Fact]
    public void Hit_rate_ndcg_and_auc_match_hand_computed_values_with_ties_ranked_against_the_positive()
    {
        float[] negatives = [0.9f, 0.5f, 0.1f, 0.2f];

        // One negative above, one tied (ranked above too): the positive sits at position 2 (zero-based).
        var atTwo = RankingMetrics.Score(0.5f, negatives, k: 2);
        var atThree = RankingMetrics.Score(0.5f, negatives, k: 3);

        Assert.Equal(0, atTwo.Hit);
        Assert.Equal(0, atTwo.Ndcg);
        Assert.Equal(1, atThree.Hit);
        Assert.Equal(0.5, atThree.Ndcg, 12);        // 1 / log2(2 + 2)
        Assert.Equal(0.625, atThree.Auc, 12);       // (4 − 1 above − ½ tie) / 4
        Assert.Equal(1, RankingMetrics.Score(1f, negatives, k: 1).Ndcg);
        Assert.Equal(0.5, RankingMetrics.Score(0.3f, [0.3f], k: 1).Auc);
    }

    [Fact]
    public void The_interval_is_the_mean_plus_or_minus_1_96_standard_errors()
    {
        var m = MeanInterval.Of([1, 0, 1, 1]);

        // Sample standard deviation 0.5, standard error 0.25.
        Assert.Equal(0.75, m.Mean, 12);
        Assert.Equal(0.75 - (1.959964 * 0.25), m.Low, 9);
        Assert.Equal(0.75 + (1.959964 * 0.25), m.High, 9);
        Assert.Equal(4, m.N);
    }

    [Fact]
    public void A_paired_difference_is_the_mean_of_per_case_differences()
    {
        var d = MeanInterval.Paired([1, 1, 0, 1], [0, 1, 0, 0]);

        Assert.Equal(0.5, d.Mean, 12);
        Assert.Equal(0.5 - (1.959964 * Math.Sqrt(1.0 / 3 / 4)), d.Low, 9);
        Assert.False(d.ExcludesZero);
        Assert.True(MeanInterval.Paired([1, 1, 1, 1], [0, 0, 0, 0]).ExcludesZero); // no spread: the interval is the point 1
    }
}
