using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Tests.Rollout;

public sealed class RolloutTransitionsTests
{
    private static readonly RolloutPlan Current = new("ranker", "v1", "v2", 10m, ["v2", "v3"], "ranker", new Guardrails(), 4);

    [Fact]
    public void A_first_plan_serves_its_version_to_everyone()
    {
        var plan = RolloutTransitions.Initial("ranker", "v1");

        Assert.Equal(("v1", null, 0m, 1L), (plan.Stable, plan.Canary, plan.CanaryPercent, plan.Revision));
        Assert.Empty(plan.Shadow);
    }

    [Fact]
    public void An_update_without_shadows_keeps_the_current_ones_except_the_new_canary()
    {
        var next = RolloutTransitions.Updated(Current, new RolloutUpdate("v3", 25m, null, null, 4, "try v3"));

        Assert.Equal(("v3", 25m, 5L), (next.Canary, next.CanaryPercent, next.Revision));
        Assert.Equal(["v2"], next.Shadow);
        Assert.Same(Current.Guardrails, next.Guardrails);
    }

    [Fact]
    public void Removing_the_canary_zeroes_its_share()
    {
        Assert.Equal(0m, RolloutTransitions.Updated(Current, new RolloutUpdate(null, 0m, [], null, 4, "stop")).CanaryPercent);
    }

    [Theory]
    [InlineData(true, "v2")]
    [InlineData(false, "v1")]
    public void Ending_the_canary_promotes_or_keeps_stable_and_stops_shadowing_the_canary(bool promote, string stable)
    {
        var next = RolloutTransitions.CanaryEnded(Current, promote);

        Assert.Equal((stable, null, 0m, 5L), (next.Stable, next.Canary, next.CanaryPercent, next.Revision));
        Assert.Equal(["v3"], next.Shadow);
    }
}
