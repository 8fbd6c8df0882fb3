using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

public sealed class ArmStatisticsTests
{
    [Fact]
    public void Holm_adjusts_known_p_values_step_down_in_the_order_given()
    {
        // Sorted: 0.005 × 4 = 0.02, 0.01 × 3 = 0.03, 0.03 × 2 = 0.06, 0.04 × 1 = 0.04 → raised to the 0.06 before it.
        var adjusted = ArmStatistics.Holm([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Holm_caps_at_one_and_leaves_a_single_p_value_as_it_is()
    {
        Assert.Equal([1.0, 1.0], ArmStatistics.Holm([0.5, 0.6]));
        Assert.Equal([0.03], ArmStatistics.Holm([0.03]));
        Assert.Empty(ArmStatistics.Holm([]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1, 0.15729920705028513)]
    [InlineData(2, 0.004677734981047266)]
    [InlineData(3.5, 7.430983723414128e-07)]
    [InlineData(6, 2.1519736712498913e-17)]
    [InlineData(-1, 1.8427007929497148)]
    public void Erfc_matches_tabulated_values(double x, double expected)
    {
        Assert.Equal(expected, ArmStatistics.Erfc(x), expected * 1e-9);
    }

    [Theory]
    [InlineData(1090, 10_000, 1000, 10_000)]
    [InlineData(1080, 10_000, 1000, 10_000)]
    [InlineData(30, 200, 50, 220)]
    [InlineData(5, 5, 0, 7)]
    [InlineData(0, 10, 0, 10)]
    public void A_p_value_below_5_percent_is_exactly_an_interval_that_excludes_zero(long clicksA, long impressionsA, long clicksB, long impressionsB)
    {
        var p = ArmStatistics.PValue(clicksA, impressionsA, clicksB, impressionsB);
        var interval = ReportMath.Difference(clicksA, impressionsA, clicksB, impressionsB);

        Assert.Equal(p < 0.05, interval.Low > 0 || interval.High < 0);
        Assert.InRange(p, 0, 1);
    }

    [Fact]
    public void Each_arm_is_compared_with_the_stable_and_the_correction_covers_the_arms_with_impressions()
    {
        var arms = new ArmSample[]
        {
            new("better", 2000, 1150, 10_000, null),  // raw p ≈ 0.0006
            new("maybe", 2000, 1095, 10_000, null),   // raw p ≈ 0.028: significant alone, not among four
            new("same", 2000, 1000, 10_000, null),
            new("worse", 2000, 880, 10_000, null),    // raw p ≈ 0.004
            new("new", 500, 0, 0, null),              // no impressions: not tested, not in the family
        };

        var report = ArmStatistics.Compare(arms, stableClicks: 1000, stableImpressions: 10_000);

        Assert.Equal(["better", "maybe", "same", "worse", "new"], report.Select(a => a.Version));
        Assert.Equal([ArmVerdicts.Better, ArmVerdicts.NoSignificantDifference, ArmVerdicts.NoSignificantDifference, ArmVerdicts.Worse, ArmVerdicts.InsufficientData],
            report.Select(a => a.Verdict));
        var maybe = report[1];
        Assert.True(maybe.PValue < 0.05 && maybe.AdjustedPValue > 0.05, $"p {maybe.PValue}, adjusted {maybe.AdjustedPValue}");
        Assert.Equal(2 * maybe.PValue, maybe.AdjustedPValue, 12); // second smallest of a family of four: × (4 − 1 − 1 + 1)
        Assert.Equal(4 * report[0].PValue, report[0].AdjustedPValue, 12);
        Assert.Equal((0.115, 0.015), (report[0].Ctr.Value, Math.Round(report[0].Difference!.Value, 12)));
        Assert.Equal((null, 1.0, 1.0, 500), (report[4].Difference, report[4].PValue, report[4].AdjustedPValue, report[4].Weight));
    }

    [Fact]
    public void Without_stable_impressions_no_arm_is_tested()
    {
        var report = ArmStatistics.Compare([new ArmSample("v2", 5000, 10, 100, null)], stableClicks: 0, stableImpressions: 0);

        Assert.Equal(ArmVerdicts.InsufficientData, Assert.Single(report).Verdict);
    }
}
