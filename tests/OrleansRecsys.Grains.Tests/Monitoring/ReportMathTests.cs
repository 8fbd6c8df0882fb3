using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

public sealed class ReportMathTests
{
    [Fact]
    public void Wilson_interval_matches_the_textbook_values()
    {
        // 10 successes in 100 trials: 95% Wilson interval is about [0.0552, 0.1744].
        var i = ReportMath.Wilson(10, 100);
        Assert.Equal(0.10, i.Value, 12);
        Assert.Equal(0.0552, i.Low, 3);
        Assert.Equal(0.1744, i.High, 3);
        Assert.Equal(new Interval(0, 0, 0), ReportMath.Wilson(0, 0));
        Assert.Equal(0, ReportMath.Wilson(0, 50).Low, 12);
        Assert.Equal(0.0713, ReportMath.Wilson(0, 50).High, 4); // z²/(n + z²) for zero successes
    }

    [Fact]
    public void Difference_interval_contains_zero_only_when_the_rates_are_close()
    {
        var same = ReportMath.Difference(100, 1000, 102, 1000);
        Assert.True(same.Low < 0 && same.High > 0);
        var better = ReportMath.Difference(200, 1000, 100, 1000);
        Assert.Equal(0.1, better.Value, 12);
        Assert.True(better.Low > 0);
        var se = Math.Sqrt((0.2 * 0.8 / 1000) + (0.1 * 0.9 / 1000));
        Assert.Equal(0.1 - (1.959963984540054 * se), better.Low, 12);
    }

    [Fact]
    public void Psi_is_zero_for_identical_distributions_and_grows_with_shift()
    {
        long[] reference = [100, 200, 400, 200, 100];
        Assert.Equal(0, ReportMath.Psi(reference, [10, 20, 40, 20, 10]), 12);
        var moderate = ReportMath.Psi(reference, [60, 160, 400, 240, 140]);
        var large = ReportMath.Psi(reference, [10, 20, 100, 370, 500]);
        Assert.InRange(moderate, 0.01, 0.25);
        Assert.True(large > 0.25);
        Assert.Equal("significant", ReportMath.PsiLevel(large));
        Assert.Equal("moderate", ReportMath.PsiLevel(0.15));
        Assert.Equal("none", ReportMath.PsiLevel(0.05));
        // Σ (a - e) ln(a / e) by hand for a two-bin case.
        Assert.Equal(((0.7 - 0.5) * Math.Log(0.7 / 0.5)) + ((0.3 - 0.5) * Math.Log(0.3 / 0.5)), ReportMath.Psi([50, 50], [70, 30]), 12);
    }

    [Fact]
    public void Ks_is_the_largest_cdf_gap_and_bins_follow_the_edges()
    {
        Assert.Equal(0.2, ReportMath.Ks([50, 50], [70, 30]), 12);
        Assert.Equal(0, ReportMath.Ks([1, 2, 3], [2, 4, 6]), 12);
        double[] edges = [1, 2, 3];
        Assert.Equal([0, 0, 1, 3, 3], new[] { -5.0, 1.0, 1.5, 3.5, 99 }.Select(v => ReportMath.BinOf(edges, v)).ToArray());
    }
}
