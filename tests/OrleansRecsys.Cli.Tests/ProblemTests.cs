using System.Net;

namespace OrleansRecsys.Cli.Tests;

public sealed class ProblemTests
{
    [Fact]
    public async Task A_problem_response_prints_its_status_title_and_detail_and_exits_with_1()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Conflict,
            """{"type":"about:blank","title":"Conflict","status":409,"detail":"revision 3 is stale; the plan is at revision 4"}""");
        var run = await Run.Against(api, "rollout", "promote", "ranker", "--reason", "looks good");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Equal("error: 409 Conflict: revision 3 is stale; the plan is at revision 4" + Environment.NewLine, run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_validation_problem_lists_each_field_error()
    {
        var api = new FakeApi().Respond(HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"k":["must be 1..200"],"userId":["is required","is too long"]}}""");
        var run = await Run.Against(api, "rank", "u1", "i1");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Equal("error: 400 One or more validation errors occurred.: k: must be 1..200, userId: is required; is too long" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task Rank_with_a_never_registered_model_names_the_model()
    {
        var api = new FakeApi().Respond(HttpStatusCode.NotFound,
            """{"title":"Unknown model","status":404,"detail":"model 'rankr' is not registered; register a version first, or check the name","model":"rankr"}""");
        var run = await Run.Against(api, "rank", "u1", "i1", "--model", "rankr");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Equal("error: 404 Unknown model: model 'rankr' is not registered; register a version first, or check the name" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task An_overloaded_grid_says_when_to_retry()
    {
        var api = new FakeApi().Respond(HttpStatusCode.ServiceUnavailable,
            """{"title":"Overloaded","status":503,"detail":"the server is working on as many requests as it admits at once"}""", retryAfterSeconds: 2);
        var run = await Run.Against(api, "rank", "u1", "i1");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Equal("error: 503 Overloaded: the server is working on as many requests as it admits at once (retry after 2 s)" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task An_empty_401_explains_where_a_token_comes_from()
    {
        var run = await Run.Against(new FakeApi().Respond(HttpStatusCode.Unauthorized, ""), "models", "list");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Contains("401 Unauthorized: missing or invalid token (use --token, --token-file, RECSYS_TOKEN, .recsys/dev-token or `recsysctl token`)", run.Error);
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_reported_not_thrown()
    {
        var run = await Run.Against(new FakeApi().RespondOk("[1,2,3]"), "rollout", "get", "ranker");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.StartsWith("error: 0 Unexpected response: cannot read the response as RolloutPlan", run.Error);
    }

    [Fact]
    public async Task An_unreachable_api_is_reported()
    {
        var run = await Run.Against(new UnreachableApi(), "models", "list");
        Assert.Equal(RecsysCtl.Failed, run.ExitCode);
        Assert.Equal("error: cannot reach the API: Connection refused (grid.test:5080)" + Environment.NewLine, run.Error);
    }

    private sealed class UnreachableApi : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (grid.test:5080)");
    }
}
