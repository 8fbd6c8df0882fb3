using OrleansRecsys.Grains.Rollout;

namespace OrleansRecsys.Grains.Tests.Rollout;

public sealed class GuardrailWindowTests
{
    private static RolloutPlan Plan(Guardrails guardrails) => new("ranker", "v1", "v2", 10m, [], "ranker", guardrails, 3);

    [Fact]
    public void Guardrails_wait_for_min_requests_then_flag_each_breach()
    {
        var plan = Plan(new Guardrails(MinRequests: 100, MaxErrorRate: 0.05, MaxP99Ms: 20, MaxFallbackRateDelta: 0.05));
        var window = new GuardrailWindow(TimeSpan.FromMinutes(5));
        window.Add([new VariantStats("v2", 50, 50, 0, [1])]);
        Assert.Null(window.Evaluate(plan));
        window.Add([new VariantStats("v2", 50, 0, 0, [1])]);
        Assert.Contains("error rate", window.Evaluate(plan));

        window.Clear();
        window.Add([new VariantStats("v2", 200, 0, 0, Enumerable.Repeat(5.0, 190).Concat(Enumerable.Repeat(90.0, 10)).ToArray())]);
        Assert.Contains("p99", window.Evaluate(plan));

        window.Clear();
        window.Add([new VariantStats("v2", 200, 0, 30, [1]), new VariantStats("v1", 1000, 0, 10, [1])]);
        Assert.Contains("fallback rate", window.Evaluate(plan));

        window.Clear();
        window.Add([new VariantStats("v2", 200, 2, 2, [3, 4, 5]), new VariantStats("v1", 1000, 0, 10, [1])]);
        Assert.Null(window.Evaluate(plan));
    }

    [Fact]
    public void P99_is_judged_on_the_newest_samples_only()
    {
        var plan = Plan(new Guardrails(MinRequests: 100, MaxP99Ms: 20));
        var window = new GuardrailWindow(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10; i++)
        {
            window.Add([new VariantStats("v2", 1000, 0, 0, Enumerable.Repeat(1.0, 1000).ToArray())]);
        }

        Assert.Null(window.Evaluate(plan));
        for (var i = 0; i < 25; i++)
        {
            window.Add([new VariantStats("v2", 1000, 0, 0, Enumerable.Repeat(90.0, 1000).ToArray())]);
        }

        Assert.Contains("p99", window.Evaluate(plan)); // 35,000 samples held; the newest 20,000 are all slow
    }
}
