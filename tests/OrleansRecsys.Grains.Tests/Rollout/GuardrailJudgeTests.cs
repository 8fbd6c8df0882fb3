using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Tests.Rollout;

/// <summary>
/// The guardrails' judgement from the reports silos send. Each case names what the earlier judge (canary-only error rate
/// above 5%, whole-request p99 above 50 ms, fallback delta over all requests) would have done with the same traffic.
/// </summary>
public sealed class GuardrailJudgeTests
{
    private const int Two = 2, Hundred = 100, Thousand = 1000;

    private static RolloutPlan Plan(Guardrails? guardrails = null) => new("ranker", "v1", "v2", 10m, [], "ranker", guardrails ?? new Guardrails(), 3);

    /// <summary>A report of <paramref name="requests"/> requests of <paramref name="rows"/> candidates, each scored at <paramref name="usPerRow"/> unless it failed.</summary>
    private static VariantStats Report(string version, int rows, int requests, int errors = 0, int fallbacks = 0, double usPerRow = 1.0, long warmUp = 0) =>
        new(version, [new SizeClassStats(RequestSizeClass.Of(rows), requests, errors, fallbacks, Enumerable.Repeat(usPerRow, requests - errors).ToArray())], warmUp);

    private static GuardrailReport Judge(RolloutPlan plan, params VariantStats[] reports)
    {
        var window = new GuardrailWindow(TimeSpan.FromMinutes(5));
        window.Add(reports);
        return window.Evaluate(plan)!;
    }

    [Fact]
    public void Nothing_is_judged_before_each_arm_has_the_minimum_sample()
    {
        // The earlier judge rolled this back: 150 canary requests, all errors, more than its 100 minimum.
        var report = Judge(Plan(), Report("v2", Hundred, 150, errors: 150), Report("v1", Hundred, 60));

        Assert.Equal(GuardrailVerdicts.InsufficientSample, report.Verdict);
        Assert.Contains("insufficient sample", report.Reason);
        Assert.Equal(150, report.Canary.Compared);
        Assert.Equal(60, report.Stable.Compared);
        Assert.Null(report.ErrorRateDelta);
        Assert.Null(report.ScoreTimeRatio);
    }

    [Fact]
    public void Errors_are_judged_as_the_canary_minus_the_stable()
    {
        // Both arms fail 10% (a shared dependency): the earlier judge rolled the canary back on its own 10%.
        var same = Judge(Plan(), Report("v2", Hundred, 200, errors: 20), Report("v1", Hundred, 2000, errors: 200));
        Assert.Equal(GuardrailVerdicts.WithinBounds, same.Verdict);
        Assert.Equal(0, same.ErrorRateDelta!.Value, 9);

        var worse = Judge(Plan(), Report("v2", Hundred, 200, errors: 40), Report("v1", Hundred, 2000, errors: 200));
        Assert.Equal(GuardrailVerdicts.Breach, worse.Verdict);
        Assert.Contains("error rate 20.0% on the canary vs 10.0% on the stable", worse.Reason);
        Assert.Equal(0.1, worse.ErrorRateDelta!.Value, 9);
    }

    [Fact]
    public void Huge_candidate_lists_sent_to_the_canary_are_not_compared_with_the_stables_small_requests()
    {
        // Normal traffic on both arms, plus a client sending 1,000-candidate requests from users routed to the canary,
        // failing and slow. The earlier judge saw a 30-point fallback delta and a whole-request p99 in the seconds.
        var report = Judge(Plan(),
            Report("v2", Hundred, 200), Report("v1", Hundred, 2000),
            Report("v2", Thousand, 300, errors: 100, fallbacks: 300, usPerRow: 50));

        Assert.Equal(GuardrailVerdicts.WithinBounds, report.Verdict);
        Assert.Equal(500, report.Canary.Requests);
        Assert.Equal(200, report.Canary.Compared);
        Assert.Equal(0, report.ErrorRateDelta);
        Assert.Equal(0, report.FallbackRateDelta);
        Assert.Equal(1.0, report.ScoreTimeRatio);
    }

    [Fact]
    public void Small_requests_sent_to_the_canary_do_not_make_it_look_slower_per_row()
    {
        // A run's fixed cost makes a 2-row request 20 µs per row and a 100-row one 1 µs per row on either version.
        // Total scorer time over total rows would call the canary 10× slower; per size class they are the same.
        var report = Judge(Plan(),
            Report("v2", Two, 300, usPerRow: 20), Report("v2", Hundred, 100, usPerRow: 1),
            Report("v1", Two, 50, usPerRow: 20), Report("v1", Hundred, 2000, usPerRow: 1));

        Assert.Equal(GuardrailVerdicts.WithinBounds, report.Verdict);
        Assert.Equal(1.0, report.ScoreTimeRatio);
        Assert.Equal(0, report.ScoreTimeDeltaUs);
    }

    [Fact]
    public void A_canary_slower_per_row_at_the_same_sizes_is_a_breach_by_ratio_or_by_difference()
    {
        // 3 µs per row against 1: a whole request of 100 rows still takes well under the earlier judge's 50 ms p99.
        VariantStats[] traffic = [Report("v2", Hundred, 200, usPerRow: 3), Report("v1", Hundred, 2000, usPerRow: 1)];

        var byRatio = Judge(Plan(), traffic);
        Assert.Equal(GuardrailVerdicts.Breach, byRatio.Verdict);
        Assert.Contains("scoring time per row 3.00× the stable's", byRatio.Reason);

        var byDifference = Judge(Plan(new Guardrails(MaxScoreTimeRatio: 0, MaxScoreTimeDeltaUs: 1.5)), traffic);
        Assert.Equal(GuardrailVerdicts.Breach, byDifference.Verdict);
        Assert.Contains("2.00 µs above the stable's", byDifference.Reason);

        var lenient = Judge(Plan(new Guardrails(MaxScoreTimeRatio: 4)), traffic);
        Assert.Equal(GuardrailVerdicts.WithinBounds, lenient.Verdict);
    }

    [Fact]
    public void Scoring_time_is_judged_on_medians_so_a_few_pauses_do_not_decide()
    {
        var canary = new VariantStats("v2", [new SizeClassStats(RequestSizeClass.Of(Hundred), 200, 0, 0,
            [.. Enumerable.Repeat(1.0, 190), .. Enumerable.Repeat(500.0, 10)])], 0);

        var report = Judge(Plan(), canary, Report("v1", Hundred, 2000, usPerRow: 1));

        Assert.Equal(GuardrailVerdicts.WithinBounds, report.Verdict);
        Assert.Equal(1.0, report.ScoreTimeRatio);
    }

    [Fact]
    public void The_stable_is_weighed_at_the_canarys_mix_of_sizes()
    {
        // The stable fails only its big requests and the canary got none: expected errors at the canary's mix are 0,
        // so the canary's 4% is a 4-point delta (the stable's overall 8% would have hidden it).
        var report = Judge(Plan(new Guardrails(MaxErrorRateDelta: 0.03)),
            Report("v2", Two, 200, errors: 8),
            Report("v1", Two, 1000), Report("v1", Thousand, 1000, errors: 160));

        Assert.Equal(GuardrailVerdicts.Breach, report.Verdict);
        Assert.Equal(0, report.Stable.ErrorRate);
        Assert.Equal(0.04, report.ErrorRateDelta!.Value, 9);
    }

    [Fact]
    public void A_size_class_with_too_few_stable_requests_is_not_compared()
    {
        var report = Judge(Plan(),
            Report("v2", Hundred, 200), Report("v1", Hundred, 2000),
            Report("v2", Thousand, 200, errors: 200), Report("v1", Thousand, GuardrailJudge.MinStablePerClass - 1));

        Assert.Equal(GuardrailVerdicts.WithinBounds, report.Verdict);
        Assert.Equal(200, report.Canary.Compared);
    }

    [Fact]
    public void Requests_of_a_freshly_loaded_session_are_reported_but_not_judged()
    {
        // A cold canary's first requests (slow, falling back): the earlier judge counted them against it.
        var report = Judge(Plan(), Report("v2", Hundred, 200, warmUp: 40), Report("v1", Hundred, 2000, warmUp: 20));

        Assert.Equal(GuardrailVerdicts.WithinBounds, report.Verdict);
        Assert.Equal(40, report.Canary.WarmUp);
        Assert.Equal(200, report.Canary.Requests);
        Assert.Equal(20, report.Stable.WarmUp);
    }

    [Fact]
    public void A_report_names_both_arms_and_every_measure()
    {
        var report = Judge(Plan(), Report("v2", Hundred, 200, fallbacks: 4, usPerRow: 1.2), Report("v1", Hundred, 1000, fallbacks: 10, usPerRow: 1));

        Assert.Equal(("v2", "v1"), (report.Canary.Version, report.Stable.Version));
        Assert.Equal((200, 1000), (report.Canary.Compared, report.Stable.Compared));
        Assert.Equal(0.02, report.Canary.FallbackRate, 9);
        Assert.Equal(0.01, report.Stable.FallbackRate, 9);
        Assert.Equal(0.01, report.FallbackRateDelta!.Value, 9);
        Assert.Equal(1.2, report.ScoreTimeRatio!.Value, 9);
        Assert.Equal(0.2, report.ScoreTimeDeltaUs!.Value, 9);
        Assert.Equal(300, report.WindowSeconds);
        Assert.Contains("within bounds over 200 canary and 1000 stable requests", report.Reason);
    }

    [Fact]
    public void Scoring_time_waits_for_its_own_minimum_sample()
    {
        // Every canary request scored nothing yet fails no more than the stable's: rates judged, time not.
        var canary = new VariantStats("v2", [new SizeClassStats(RequestSizeClass.Of(Hundred), 200, 0, 0, [1, 1])], 0);

        var report = Judge(Plan(), canary, Report("v1", Hundred, 1000));

        Assert.Equal(GuardrailVerdicts.InsufficientSample, report.Verdict);
        Assert.Contains("insufficient sample for scoring time", report.Reason);
        Assert.NotNull(report.ErrorRateDelta);
        Assert.Null(report.ScoreTimeRatio);
    }

    [Fact]
    public void A_plan_without_a_canary_has_no_judgement()
    {
        var window = new GuardrailWindow(TimeSpan.FromMinutes(5));
        window.Add([Report("v1", Hundred, 1000)]);

        Assert.Null(window.Evaluate(Plan() with { Canary = null, CanaryPercent = 0 }));
    }
}
