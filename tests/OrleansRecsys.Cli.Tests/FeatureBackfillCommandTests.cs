using System.Net;

namespace OrleansRecsys.Cli.Tests;

public sealed class FeatureBackfillCommandTests
{
    private const string Running = """
        {"id":"backfill-2","version":2,"features":["user_views_7d"],"state":"running","from":null,"to":null,
         "startedAt":"2026-12-03T06:00:00+00:00","finishedAt":null,"eventsTotal":5000,"eventsRead":2000,"userUpdates":1800,"itemUpdates":40,"who":"ops","error":null}
        """;

    private const string Completed = """
        {"id":"backfill-2","version":2,"features":["user_views_7d"],"state":"completed","from":null,"to":null,
         "startedAt":"2026-12-03T06:00:00+00:00","finishedAt":"2026-12-03T06:02:00+00:00","eventsTotal":5000,"eventsRead":5000,"userUpdates":4600,"itemUpdates":90,"who":"ops","error":null}
        """;

    private const string Failed = """
        {"id":"backfill-2","version":2,"features":["user_views_7d"],"state":"failed","from":null,"to":null,
         "startedAt":"2026-12-03T06:00:00+00:00","finishedAt":"2026-12-03T06:00:05+00:00","eventsTotal":5000,"eventsRead":0,"userUpdates":0,"itemUpdates":0,"who":"ops","error":"the log is gone"}
        """;

    [Fact]
    public async Task Start_posts_the_version_and_range_and_prints_the_backfill()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, Running);
        var run = await Run.Against(api, "features", "backfill", "start", "--version", "2", "--from", "2026-11-01T00:00:00Z");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        var post = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Post, "/v1/features/backfills"), (post.Method, post.Path));
        Assert.Equal("""{"version":2,"from":"2026-11-01T00:00:00+00:00"}""", post.Body);
        Assert.Contains("backfill  backfill-2", run.Out);
        Assert.Contains("progress  2000/5000 log records, 1800 user and 40 item updates", run.Out);
    }

    [Fact]
    public async Task Start_wait_polls_until_the_backfill_ends_and_prints_progress_on_stderr()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, Running).RespondOk(Completed);
        var run = await Run.Against(api, "features", "backfill", "start", "--wait");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Equal([(HttpMethod.Post, "/v1/features/backfills"), (HttpMethod.Get, "/v1/features/backfills/backfill-2")], api.Requests.Select(r => (r.Method, r.Path)));
        Assert.Contains("backfill-2: 2000/5000 log records, 1800 user and 40 item updates", run.Error);
        Assert.Contains("state     completed", run.Out);
        Assert.Contains("progress  5000/5000 log records, 4600 user and 90 item updates", run.Out);
    }

    [Fact]
    public async Task A_failed_backfill_exits_1_and_prints_its_error()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, Running).RespondOk(Failed);
        var run = await Run.Against(api, "features", "backfill", "start", "--wait");

        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Contains("state     failed (the log is gone)", run.Out);
    }

    [Fact]
    public async Task Status_and_list_read_the_backfill_and_all_backfills()
    {
        var api = new FakeApi().RespondOk(Completed).RespondOk($"[{Completed}]");
        Assert.Equal(RecsysCtl.Ok, (await Run.Against(api, "features", "backfill", "status", "backfill-2")).ExitCode);
        var list = await Run.Against(api, "features", "backfill", "list");

        Assert.Equal(["/v1/features/backfills/backfill-2", "/v1/features/backfills"], api.Requests.Select(r => r.Path));
        Assert.Contains("backfill-2  completed", list.Out);
        Assert.Contains("5000/5000", list.Out); // records replayed of the range
        Assert.Contains("4600", list.Out);
    }

    [Theory]
    [InlineData("features", "backfill", "stop")]
    [InlineData("features", "backfill", "status")]
    [InlineData("features", "backfill", "start", "--from", "yesterday")]
    public async Task Incomplete_or_unknown_backfill_commands_are_usage_errors(params string[] argv)
    {
        var run = await Run.Against(new FakeApi(), argv);
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
    }
}
