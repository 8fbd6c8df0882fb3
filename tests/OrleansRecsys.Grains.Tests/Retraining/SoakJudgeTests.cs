using OrleansRecsys.Grains.Retraining;

namespace OrleansRecsys.Grains.Tests.Retraining;

/// <summary>The decision at the end of a canary's soak: promote only when the CTR difference's interval rules out harm.</summary>
public sealed class SoakJudgeTests
{
    private static readonly RetrainingPolicy Policy = new(MinImpressions: 1000, SoakSeconds: 600, HarmMargin: 0.01);

    private static SoakVerdict Decide(double soakedSeconds, (long, long) canary, (long, long) stable) =>
        SoakJudge.Decide(Policy, TimeSpan.FromSeconds(soakedSeconds), canary, stable);

    [Fact]
    public void Counting_waits_until_the_canary_has_served_for_a_quarter_of_the_soak()
    {
        // 600 s soak: the count starts 150 s after the canary was set, and only once it has served.
        Assert.False(SoakJudge.ReadyToCount(Policy, TimeSpan.FromSeconds(149), canaryImpressions: 10_000));
        Assert.False(SoakJudge.ReadyToCount(Policy, TimeSpan.FromSeconds(300), canaryImpressions: 0));
        Assert.True(SoakJudge.ReadyToCount(Policy, TimeSpan.FromSeconds(150), canaryImpressions: 1));
    }

    [Fact]
    public void Nothing_is_decided_before_the_soak_is_over()
    {
        Assert.False(Decide(599, (5000, 50_000), (5000, 50_000)).Decided);
    }

    [Fact]
    public void An_equal_ctr_measured_closely_enough_is_promoted()
    {
        var verdict = Decide(600, (5000, 50_000), (5000, 50_000));

        Assert.True(verdict is { Decided: true, Promote: true });
        Assert.True(verdict.CtrDifference!.Low >= -0.01);
    }

    [Fact]
    public void A_clearly_lower_ctr_is_rolled_back()
    {
        var verdict = Decide(600, (4000, 50_000), (5000, 50_000));

        Assert.True(verdict is { Decided: true, Promote: false });
        Assert.Contains("does not rule out", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_equal_ctr_on_too_few_impressions_to_rule_out_harm_is_rolled_back()
    {
        // 0.10 against 0.10 on 1,000 impressions each: the interval reaches about -0.026, beyond the margin of 0.01.
        var verdict = Decide(600, (100, 1000), (100, 1000));

        Assert.True(verdict is { Decided: true, Promote: false });
    }

    [Fact]
    public void A_canary_short_of_its_minimum_waits_until_twice_the_soak_then_is_rolled_back()
    {
        Assert.False(Decide(900, (10, 100), (5000, 50_000)).Decided);

        var verdict = Decide(1200, (10, 100), (5000, 50_000));

        Assert.True(verdict is { Decided: true, Promote: false });
        Assert.StartsWith("insufficient evidence", verdict.Reason, StringComparison.Ordinal);
    }
}
