using System.Net;

namespace OrleansRecsys.Cli.Tests;

public sealed class BatchCommandTests
{
    private const string Running = """
        {"runId":"ranker-run-3","model":"ranker","version":"v1","k":20,"segment":"active-24h","state":"running",
         "startedAt":"2026-12-03T06:00:00+00:00","finishedAt":null,"shardsTotal":64,"shardsDone":10,"usersDone":1500,"usersFailed":0,"who":"ops","error":null}
        """;

    private const string Completed = """
        {"runId":"ranker-run-3","model":"ranker","version":"v1","k":20,"segment":"active-24h","state":"completed",
         "startedAt":"2026-12-03T06:00:00+00:00","finishedAt":"2026-12-03T06:01:30+00:00","shardsTotal":64,"shardsDone":64,"usersDone":9000,"usersFailed":2,"who":"ops","error":null}
        """;

    [Fact]
    public async Task Batch_run_posts_the_options_and_prints_the_run()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, Running);
        var run = await Run.Against(api, "batch", "run", "--model", "ranker", "--k", "20", "--segment", "active-24h");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        var post = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Post, "/v1/batch/runs", """{"model":"ranker","k":20,"segment":"active-24h"}"""), (post.Method, post.Path, post.Body));
        Assert.Contains("run       ranker-run-3", run.Out);
        Assert.Contains("progress  10/64 work items, 1500 users, 0 failed", run.Out);
    }

    [Fact]
    public async Task Batch_run_wait_polls_until_the_run_ends_and_prints_progress_on_stderr()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, Running).RespondOk(Completed);
        var run = await Run.Against(api, "batch", "run", "--wait");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Equal([(HttpMethod.Post, "/v1/batch/runs"), (HttpMethod.Get, "/v1/batch/runs/ranker-run-3")], api.Requests.Select(r => (r.Method, r.Path)));
        Assert.Equal("{}", api.Requests[0].Body); // no options: the API's defaults
        Assert.Contains("ranker-run-3: 10/64 work items, 1500 users", run.Error);
        Assert.Contains("state     completed", run.Out);
        Assert.Contains("progress  64/64 work items, 9000 users, 2 failed", run.Out);
    }

    [Fact]
    public async Task Batch_status_and_list_read_the_run_and_the_model_runs()
    {
        var api = new FakeApi().RespondOk(Completed).RespondOk($"[{Completed}]");
        Assert.Equal(RecsysCtl.Ok, (await Run.Against(api, "batch", "status", "ranker-run-3")).ExitCode);
        var list = await Run.Against(api, "batch", "list", "--model", "ranker");

        Assert.Equal(["/v1/batch/runs/ranker-run-3", "/v1/batch/runs?model=ranker"], api.Requests.Select(r => r.Path));
        Assert.Contains("ranker-run-3  completed  v1", list.Out);
    }

    [Fact]
    public async Task A_run_in_progress_is_reported_as_the_api_problem()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Conflict,
            """{"title":"Conflict","status":409,"detail":"run ranker-run-3 is in progress; one run at a time","runId":"ranker-run-3"}""");
        var run = await Run.Against(api, "batch", "run");

        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Contains("409 Conflict: run ranker-run-3 is in progress", run.Error);
    }

    [Fact]
    public async Task Recommendations_asks_with_the_options_and_says_where_the_answer_came_from()
    {
        var api = new FakeApi().RespondOk("""
            {"userId":"u42","source":"precomputed","reason":"fresh","model":"ranker","version":"v1","computedAt":"2026-12-03T06:00:00+00:00",
             "runId":"ranker-run-3","fallback":false,"fallbackReason":null,"items":[{"itemId":"i7","score":0.5}]}
            """);
        var run = await Run.Against(api, "recommendations", "u42", "--k", "5", "--max-age", "600");

        Assert.Equal("/v1/recommendations/u42?k=5&maxAgeSeconds=600", Assert.Single(api.Requests).Path);
        Assert.StartsWith("precomputed (fresh)  ranker@v1  computed 2026-12-03 06:00:00Z by ranker-run-3", run.Out);
        Assert.Contains("i7", run.Out);
    }

    [Fact]
    public async Task Recommendations_passes_the_category_for_a_user_without_history()
    {
        var api = new FakeApi().RespondOk("""
            {"userId":"new","source":"popular","reason":"no_history","model":"ranker","version":null,"computedAt":null,
             "runId":null,"fallback":false,"fallbackReason":null,"items":[{"itemId":"s1","score":41.5}]}
            """);
        var run = await Run.Against(api, "recommendations", "new", "--category", "shoes & boots");

        Assert.Equal("/v1/recommendations/new?category=shoes%20%26%20boots", Assert.Single(api.Requests).Path);
        Assert.StartsWith("popular (no_history)  ranker@-", run.Out);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("batch", "stop")]
    [InlineData("batch", "status")]
    [InlineData("batch", "run", "--k", "0")]
    [InlineData("recommendations")]
    public async Task Incomplete_or_unknown_batch_commands_are_usage_errors(params string[] argv)
    {
        var run = await Run.Against(new FakeApi(), argv);
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
    }
}
