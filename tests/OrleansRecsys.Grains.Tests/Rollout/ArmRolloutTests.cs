using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Tests.Rollout;

/// <summary>Writes, decisions and guardrails of a multi-arm experiment, as the coordinator's plain functions.</summary>
public sealed class ArmRolloutTests
{
    private static readonly RolloutArm[] ThreeArms = [new("v2", 2000), new("v3", 1500), new("v4", 500)];

    private static readonly RolloutPlan Current = new("ranker", "v1", null, 0, ["v5"], "ranker", new Guardrails(), 4);

    private static readonly RolloutPlan Running = RolloutTransitions.ArmsSet(Current, Update(ThreeArms));

    private static RolloutArmsUpdate Update(RolloutArm[] arms, string[]? shadow = null, long revision = 4) => new(arms, shadow, null, revision, "try three");

    [Fact]
    public void Setting_arms_keeps_them_in_order_and_mirrors_arm_zero_in_the_canary_fields()
    {
        Assert.Equal(ThreeArms, Running.Arms!);
        Assert.Equal(("v2", 20m, 5L), (Running.Canary, Running.CanaryPercent, Running.Revision));
        Assert.Equal(["v5"], Running.Shadow);
    }

    [Fact]
    public void An_empty_arms_list_ends_the_experiment()
    {
        var ended = RolloutTransitions.ArmsSet(Running, Update([], revision: 5));

        Assert.Equal((null, 0m, (RolloutArm[]?)null), (ended.Canary, ended.CanaryPercent, ended.Arms));
    }

    [Fact]
    public void A_version_that_becomes_an_arm_stops_being_a_shadow()
    {
        Assert.Empty(RolloutTransitions.ArmsSet(Current, Update([new RolloutArm("v5", 100)])).Shadow);
    }

    [Fact]
    public void Promoting_an_arm_makes_it_stable_and_ends_every_arm()
    {
        var promoted = RolloutTransitions.ArmPromoted(Running, "v3");

        Assert.Equal(("v3", null, 0m, (RolloutArm[]?)null, 6L), (promoted.Stable, promoted.Canary, promoted.CanaryPercent, promoted.Arms, promoted.Revision));
        Assert.Empty(RolloutArms.Of(promoted));
    }

    [Fact]
    public void Removing_an_arm_keeps_the_others_with_their_weights_and_order()
    {
        var withoutFirst = RolloutTransitions.ArmRemoved(Running, "v2");
        var withoutMiddle = RolloutTransitions.ArmRemoved(Running, "v3");

        Assert.Equal([new RolloutArm("v3", 1500), new RolloutArm("v4", 500)], withoutFirst.Arms!);
        Assert.Equal(("v3", 15m, 6L), (withoutFirst.Canary, withoutFirst.CanaryPercent, withoutFirst.Revision));
        Assert.Equal([new RolloutArm("v2", 2000), new RolloutArm("v4", 500)], withoutMiddle.Arms!);
        Assert.Equal("v2", withoutMiddle.Canary);
    }

    [Fact]
    public void Removing_the_last_arm_leaves_the_stable_version_alone()
    {
        var single = new RolloutPlan("ranker", "v1", "v2", 10m, [], "ranker", new Guardrails(), 4);

        var removed = RolloutTransitions.ArmRemoved(single, "v2");

        Assert.Equal(("v1", null, 0m, (RolloutArm[]?)null), (removed.Stable, removed.Canary, removed.CanaryPercent, removed.Arms));
    }

    [Fact]
    public void A_canary_write_replaces_a_single_arm_and_clears_the_arms_field()
    {
        var oneArm = RolloutTransitions.ArmsSet(Current, Update([new RolloutArm("v2", 1000)]));

        var next = RolloutTransitions.Updated(oneArm, new RolloutUpdate("v3", 5m, null, null, 5, "swap"));

        Assert.Equal(("v3", 5m, (RolloutArm[]?)null), (next.Canary, next.CanaryPercent, next.Arms));
        Assert.Null(RolloutRules.ValidateUpdate(oneArm, new RolloutUpdate("v3", 5m, null, null, 5, "swap")));
    }

    [Fact]
    public void A_canary_write_to_a_plan_with_several_arms_is_refused_naming_arms()
    {
        var error = RolloutRules.ValidateUpdate(Running, new RolloutUpdate("v3", 5m, null, null, 5, "swap"));

        Assert.StartsWith("arms: the plan runs 3 arms (v2, v3, v4)", error);
    }

    [Fact]
    public void Arms_writes_are_checked_against_the_plan()
    {
        Assert.Null(RolloutRules.ValidateArmsUpdate(Current, Update(ThreeArms)));
        Assert.StartsWith("arms[1].version 'v1' is the stable version", RolloutRules.ValidateArmsUpdate(Current, Update([new("v2", 100), new("v1", 100)])));
        Assert.Contains("shadow version 'v3' is already stable or an arm", RolloutRules.ValidateArmsUpdate(Current, Update(ThreeArms, shadow: ["v3"])));
        Assert.Contains("at most 10000", RolloutRules.ValidateArmsUpdate(Current, Update([new("v2", 9000), new("v3", 1001)])));
        Assert.Contains("reason", RolloutRules.ValidateArmsUpdate(Current, Update(ThreeArms) with { Reason = " " }));
    }

    [Fact]
    public void A_decision_must_name_an_arm_of_the_revision_it_was_made_on()
    {
        Assert.Null(RolloutRules.RefuseDecision(Running, "ranker", 5, "go", "v3"));
        Assert.Equal(RolloutOutcome.Conflict, RolloutRules.RefuseDecision(Running, "ranker", 5, "go", "v9")!.Outcome);
        Assert.Contains("not an arm of revision 5", RolloutRules.RefuseDecision(Running, "ranker", 5, "go", "v1")!.Error);
        Assert.Equal(RolloutOutcome.Conflict, RolloutRules.RefuseDecision(Running, "ranker", 4, "go", "v3")!.Outcome);
        Assert.Equal(RolloutOutcome.BadRequest, RolloutRules.RefuseDecision(Running, "ranker", 5, "", "v3")!.Outcome);
        Assert.Equal(RolloutOutcome.NotFound, RolloutRules.RefuseDecision(null, "ranker", 5, "go", "v3")!.Outcome);
    }

    [Fact]
    public void The_guardrails_judge_every_arm_against_the_stable_on_its_own()
    {
        var guardrails = new Guardrails(MinRequests: 50, MaxScoreTimeRatio: 0);
        var plan = Running with { Guardrails = guardrails };
        var window = new GuardrailWindow(TimeSpan.FromMinutes(5));
        window.Add([Stats("v1", 1000, 10), Stats("v2", 200, 2), Stats("v3", 200, 60), Stats("v4", 20, 0)]);

        var reports = window.EvaluateArms(plan);

        Assert.Equal(["v2", "v3", "v4"], reports.Select(r => r.Canary.Version));
        Assert.All(reports, r => Assert.Equal("v1", r.Stable.Version));
        Assert.Equal([GuardrailVerdicts.WithinBounds, GuardrailVerdicts.Breach, GuardrailVerdicts.InsufficientSample], reports.Select(r => r.Verdict));
        Assert.Equal(reports[0], window.Evaluate(plan)); // the canary's report is arm 0's
    }

    [Fact]
    public void Forgetting_an_arm_drops_its_samples_and_keeps_the_others()
    {
        var plan = Running with { Guardrails = new Guardrails(MinRequests: 50, MaxScoreTimeRatio: 0) };
        var window = new GuardrailWindow(TimeSpan.FromMinutes(5));
        window.Add([Stats("v1", 1000, 10), Stats("v2", 200, 2), Stats("v3", 200, 60)]);

        window.Forget("v3");

        var reports = window.EvaluateArms(plan);
        Assert.Equal((0L, 200L, 1000L), (reports[1].Canary.Requests, reports[0].Canary.Requests, reports[0].Stable.Requests));
    }

    private static VariantStats Stats(string version, int requests, int errors) =>
        new(version, [new SizeClassStats(RequestSizeClass.Of(10), requests, errors, 0, Enumerable.Repeat(1.0, requests - errors).ToArray())], 0);
}
