namespace OrleansRecsys.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData]
    [InlineData("help")]
    [InlineData("rollout", "--help")]
    public async Task Help_prints_the_usage_text_and_succeeds(params string[] argv)
    {
        var run = await Run.Offline(argv);
        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Equal(Usage.Text + Environment.NewLine, run.Out);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("error: unknown command 'frobnicate'", "frobnicate")]
    [InlineData("error: unknown rollout command 'start'", "rollout", "start", "ranker")]
    [InlineData("error: unknown option --bogus", "rollout", "get", "ranker", "--bogus", "1")]
    [InlineData("error: option --reason needs a value", "rollout", "promote", "ranker", "--reason")]
    [InlineData("error: option --k is given twice", "rank", "u1", "i1", "--k", "1", "--k=2")]
    [InlineData("error: option --reason is required", "rollout", "promote", "ranker")]
    [InlineData("error: MODEL is missing", "rollout", "get")]
    [InlineData("error: unexpected argument 'extra'", "rollout", "get", "ranker", "extra")]
    [InlineData("error: --k must be an integer in 1..200 (got '0')", "rank", "u1", "i1", "--k", "0")]
    [InlineData("error: --percent must be a number in 0..100 (got '150')", "rollout", "set", "ranker", "--canary", "v2", "--percent", "150", "--reason", "x", "--revision", "1")]
    [InlineData("error: rank needs at least one candidate item id", "rank", "u1")]
    [InlineData("error: features takes 'user' or 'item' (got 'shop')", "features", "shop", "s1")]
    [InlineData("error: --algorithm must be fasttree or logistic (got 'forest')", "train", "--out", "x", "--algorithm", "forest")]
    [InlineData("error: --shift must be none, price, cohort or category (got 'prices')", "train", "--out", "x", "--shift", "prices")]
    [InlineData("error: dev takes 'kafka' (got 'redis')", "dev", "redis")]
    public async Task Bad_input_prints_the_error_then_the_usage_and_exits_with_2(string message, params string[] argv)
    {
        var api = new FakeApi();
        var run = await Run.Against(api, argv);
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.StartsWith(message + Environment.NewLine + Environment.NewLine + "usage: recsysctl", run.Error);
        Assert.Empty(run.Out);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_non_http_endpoint_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RecsysCtl.RunAsync(["--endpoint", "ftp://grid", "models", "list"], output, error, CancellationToken.None, new FakeApi());
        Assert.Equal(RecsysCtl.BadUsage, code);
        Assert.StartsWith("error: --endpoint must be an http(s) URL (got 'ftp://grid')", error.ToString());
    }

    [Fact]
    public void Options_take_values_in_both_spellings_and_everything_after_a_double_dash_is_positional()
    {
        var args = Args.Parse(["rank", "--k=5", "--model", "ranker", "--json", "u1", "--", "--odd-item"]);
        Assert.Equal(["rank", "u1", "--odd-item"], args.Positionals);
        Assert.Equal(5, args.Int("k", 10, 1, 200));
        Assert.Equal("ranker", args.Option("model"));
        Assert.True(args.Flag("json"));
        Assert.Equal(["a", "b"], Args.Parse(["--roles", "a, ,b"]).List("roles")!);
    }

    [Fact]
    public void A_percent_may_carry_a_percent_sign()
    {
        Assert.Equal(5.5m, Args.Parse(["--percent", "5.5%"]).Decimal("percent", 0m, 100m));
    }
}
