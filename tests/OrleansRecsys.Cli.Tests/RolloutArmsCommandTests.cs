namespace OrleansRecsys.Cli.Tests;

public sealed class RolloutArmsCommandTests
{
    private const string ArmsPlan = """
        {"model":"ranker","stable":"v1","canary":"v2","canaryPercent":20,"shadow":[],"salt":"ranker",
         "guardrails":{"minRequests":100,"maxErrorRateDelta":0.02,"maxFallbackRateDelta":0.05,"maxScoreTimeRatio":2,"maxScoreTimeDeltaUs":0},"revision":9,
         "arms":[{"version":"v2","weight":2000},{"version":"v3","weight":1250}]}
        """;

    [Fact]
    public async Task Arms_set_puts_the_arms_in_order_with_weights_in_basis_points_or_percent_and_prints_them()
    {
        var api = new FakeApi().RespondOk(ArmsPlan);

        var run = await Run.Against(api, "rollout", "arms", "set", "ranker", "v2=2000", "v3=12.5%", "--reason", "v2 vs v3", "--revision", "8");

        Assert.Equal(0, run.ExitCode);
        var put = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Put, "/v1/models/ranker/rollout"), (put.Method, put.Path));
        Assert.Equal("""{"arms":[{"version":"v2","weight":2000},{"version":"v3","weight":1250}],"revision":8,"reason":"v2 vs v3"}""", put.Body);
        Assert.Contains("v2 @ 20%, v3 @ 12.5%", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arms_set_none_ends_the_experiment_on_the_plan_read_first()
    {
        var api = new FakeApi().RespondOk(ArmsPlan).RespondOk(ArmsPlan);

        await Run.Against(api, "rollout", "arms", "set", "ranker", "none", "--reason", "stop");

        Assert.Equal(HttpMethod.Get, api.Requests[0].Method);
        Assert.Equal("""{"arms":[],"revision":9,"reason":"stop"}""", api.Requests[1].Body);
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("remove")]
    public async Task Arms_promote_and_remove_post_the_version_with_the_reason_and_revision(string verb)
    {
        var api = new FakeApi().RespondOk(ArmsPlan);

        await Run.Against(api, "rollout", "arms", verb, "ranker", "v3", "--reason", "decided", "--revision", "9");

        var post = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Post, $"/v1/models/ranker/rollout/{verb}", """{"revision":9,"reason":"decided","version":"v3"}"""), (post.Method, post.Path, post.Body));
    }

    [Fact]
    public async Task Arms_promote_without_a_revision_decides_on_the_plan_read_first_and_names_its_arms()
    {
        var api = new FakeApi().RespondOk(ArmsPlan).RespondOk(ArmsPlan);

        var run = await Run.Against(api, "rollout", "arms", "promote", "ranker", "v3", "--reason", "decided");

        Assert.Equal(2, api.Requests.Count);
        Assert.Equal((HttpMethod.Get, "/v1/models/ranker/rollout"), (api.Requests[0].Method, api.Requests[0].Path));
        Assert.Equal("""{"revision":9,"reason":"decided","version":"v3"}""", api.Requests[1].Body);
        Assert.Contains("promote v3: arms v2 @ 20%, v3 @ 12.5% of revision 9", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v2=lots")]
    [InlineData("v2=12.345%")]
    [InlineData("v2=150%")]
    public async Task A_malformed_arm_is_a_usage_error_and_sends_nothing(string arm)
    {
        var api = new FakeApi();

        var run = await Run.Against(api, "rollout", "arms", "set", "ranker", arm, "--reason", "r", "--revision", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(api.Requests);
        Assert.Contains(arm, run.Error, StringComparison.Ordinal);
    }
}
