using OrleansRecsys.Grains.Retraining;

namespace OrleansRecsys.Grains.Tests.Retraining;

/// <summary>The autopilot's automatic triggers, one look at a time, on made-up report rows of the stable version.</summary>
public sealed class TriggerWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static readonly RetrainingPolicy DriftOnly = new(DriftPsi: 0.25, DriftSeconds: 60, CooldownSeconds: 0);

    private static VariantReport Stable(double psi = 0, double? scorePsi = null, long clicks = 0, long impressions = 0, string version = "v1") =>
        new(Variants.Stable, version, impressions, 1, 2, 0, 0, impressions, clicks, 0, new Interval(0, 0, 0),
            [new FeatureDrift("item_price", psi, "x"), new FeatureDrift("user_clicks_total", psi / 2, "x")], scorePsi, null);

    private static TriggerInputs At(double seconds, VariantReport? stable, DateTimeOffset? lastEnded = null, DateTimeOffset? scheduleFrom = null) =>
        new(T0.AddSeconds(seconds), scheduleFrom ?? T0, lastEnded, stable);

    [Fact]
    public void Drift_fires_only_once_the_psi_has_stayed_above_the_threshold_for_the_whole_duration()
    {
        var watch = new TriggerWatch();

        Assert.Null(watch.Evaluate(DriftOnly, At(0, Stable(psi: 0.4))));
        Assert.Null(watch.Evaluate(DriftOnly, At(59, Stable(psi: 0.4))));
        var fired = watch.Evaluate(DriftOnly, At(60, Stable(psi: 0.4)));

        Assert.Equal(RetrainingTriggers.Drift, fired?.Trigger);
        Assert.Contains("item_price PSI 0.400", fired!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dip_below_the_threshold_starts_the_drift_duration_over()
    {
        var watch = new TriggerWatch();
        watch.Evaluate(DriftOnly, At(0, Stable(psi: 0.4)));
        watch.Evaluate(DriftOnly, At(30, Stable(psi: 0.1)));
        watch.Evaluate(DriftOnly, At(31, Stable(psi: 0.4)));

        Assert.Null(watch.Evaluate(DriftOnly, At(80, Stable(psi: 0.4))));
        Assert.NotNull(watch.Evaluate(DriftOnly, At(91, Stable(psi: 0.4))));
    }

    [Fact]
    public void The_score_drifting_counts_like_an_input()
    {
        var watch = new TriggerWatch();
        watch.Evaluate(DriftOnly, At(0, Stable(psi: 0.01, scorePsi: 0.5)));

        Assert.Contains("score PSI 0.500", watch.Evaluate(DriftOnly, At(60, Stable(psi: 0.01, scorePsi: 0.5)))!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_fires_during_the_cool_down_after_a_run()
    {
        var policy = DriftOnly with { CooldownSeconds = 600 };
        var watch = new TriggerWatch();
        watch.Evaluate(policy, At(0, Stable(psi: 0.4), lastEnded: T0));

        Assert.Null(watch.Evaluate(policy, At(120, Stable(psi: 0.4), lastEnded: T0)));
        Assert.NotNull(watch.Evaluate(policy, At(600, Stable(psi: 0.4), lastEnded: T0)));
    }

    [Fact]
    public void A_new_stable_version_starts_the_drift_memory_over()
    {
        var watch = new TriggerWatch();
        watch.Evaluate(DriftOnly, At(0, Stable(psi: 0.4)));

        Assert.Null(watch.Evaluate(DriftOnly, At(60, Stable(psi: 0.4, version: "v2"))));
    }

    [Fact]
    public void Performance_fires_when_the_recent_ctr_falls_by_the_share_against_the_rest_of_the_window()
    {
        var policy = new RetrainingPolicy(DriftPsi: 0, PerformanceDrop: 0.2, PerformanceWindowSeconds: 400, PerformanceRecentSeconds: 100, MinImpressions: 1000, CooldownSeconds: 0);
        var watch = new TriggerWatch();

        // 300 s at a CTR of 0.10, then 100 s at 0.07: a drop of 30 %.
        Assert.Null(watch.Evaluate(policy, At(0, Stable(clicks: 0, impressions: 0))));
        Assert.Null(watch.Evaluate(policy, At(150, Stable(clicks: 150, impressions: 1500))));
        Assert.Null(watch.Evaluate(policy, At(300, Stable(clicks: 300, impressions: 3000))));
        var fired = watch.Evaluate(policy, At(400, Stable(clicks: 370, impressions: 4000)));

        Assert.Equal(RetrainingTriggers.Performance, fired?.Trigger);
    }

    [Fact]
    public void Performance_holds_when_the_recent_ctr_is_steady_or_the_sample_is_short()
    {
        var policy = new RetrainingPolicy(DriftPsi: 0, PerformanceDrop: 0.2, PerformanceWindowSeconds: 400, PerformanceRecentSeconds: 100, MinImpressions: 1000, CooldownSeconds: 0);
        var steady = new TriggerWatch();
        var thin = new TriggerWatch();
        foreach (var (at, clicks, impressions) in new[] { (0, 0, 0), (150, 150, 1500), (300, 300, 3000) })
        {
            steady.Evaluate(policy, At(at, Stable(clicks: clicks, impressions: impressions)));
            thin.Evaluate(policy, At(at, Stable(clicks: clicks / 10, impressions: impressions / 10)));
        }

        Assert.Null(steady.Evaluate(policy, At(400, Stable(clicks: 395, impressions: 4000))));
        Assert.Null(thin.Evaluate(policy, At(400, Stable(clicks: 37, impressions: 400))));
    }

    [Fact]
    public void The_schedule_fires_once_its_period_has_passed_since_the_last_run_began()
    {
        var policy = new RetrainingPolicy(ScheduleSeconds: 3600, DriftPsi: 0, CooldownSeconds: 0);
        var watch = new TriggerWatch();

        Assert.Null(watch.Evaluate(policy, At(3599, Stable())));
        Assert.Equal(RetrainingTriggers.Schedule, watch.Evaluate(policy, At(3600, Stable()))?.Trigger);
        Assert.Null(watch.Evaluate(policy, At(3600, Stable(), scheduleFrom: T0.AddSeconds(1800))));
    }

    [Fact]
    public void Triggers_left_at_zero_never_fire()
    {
        var off = new RetrainingPolicy(ScheduleSeconds: 0, DriftPsi: 0, PerformanceDrop: 0, CooldownSeconds: 0);
        var watch = new TriggerWatch();

        for (var s = 0; s <= 100_000; s += 10_000)
        {
            Assert.Null(watch.Evaluate(off, At(s, Stable(psi: 5, clicks: s == 0 ? 1000 : 0, impressions: 10_000 + s))));
        }
    }
}
