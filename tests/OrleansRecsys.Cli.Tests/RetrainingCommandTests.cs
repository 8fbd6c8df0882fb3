using System.Net;
using System.Text.Json;

namespace OrleansRecsys.Cli.Tests;

public sealed class RetrainingCommandTests
{
    private const string View = """
        {"model":"ranker","policy":{"enabled":true,"scheduleSeconds":0,"driftPsi":0.25,"driftSeconds":600,"performanceDrop":0,
         "performanceWindowSeconds":21600,"performanceRecentSeconds":1800,"minImpressions":2000,"trainingWindowSeconds":86400,
         "holdoutSeconds":3600,"minHoldoutCases":100,"gateMargin":0.01,"canaryPercent":10,"soakSeconds":3600,"harmMargin":0.01,
         "cooldownSeconds":3600},"source":"configuration",
         "status":{"enabled":true,"current":null,"last":null,"lastSuccessAt":null,"lastFailure":null}}
        """;

    private const string Run = """
        {"runId":"ranker-retrain-2","sequence":2,"trigger":"manual","triggerReason":"manual: new catalogue","who":"ops","step":"training",
         "startedAt":"2026-12-03T06:00:00+00:00","stepStartedAt":"2026-12-03T06:00:00+00:00","version":"auto-2-20261203060000",
         "baseVersion":"v1","holdoutFromMs":1,"dataUntilMs":2,"outcome":null,"reason":null,"finishedAt":null,"dataset":null,
         "gateCandidate":null,"gateStable":null,"gateCases":null,"canaryRevision":null,"stableBaseline":null,"ctrDifference":null,"resumes":0}
        """;

    [Fact]
    public async Task Retraining_set_changes_only_the_fields_given_and_puts_the_whole_policy_with_the_reason()
    {
        var api = new FakeApi().RespondOk(View).RespondOk(View);
        var run = await Cli.Tests.Run.Against(api, "retraining", "set", "ranker", "--soak", "600", "--canary-percent", "5", "--reason", "faster");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Equal([(HttpMethod.Get, "/v1/models/ranker/retraining"), (HttpMethod.Put, "/v1/models/ranker/retraining")], api.Requests.Select(r => (r.Method, r.Path)));
        var body = JsonDocument.Parse(api.Requests[1].Body).RootElement;
        Assert.Equal((600, 5m, 0.25, "faster"), (body.GetProperty("soakSeconds").GetInt32(), body.GetProperty("canaryPercent").GetDecimal(),
            body.GetProperty("driftPsi").GetDouble(), body.GetProperty("reason").GetString()));
        Assert.Contains("enabled (configuration)", run.Out);
    }

    [Fact]
    public async Task Retraining_trigger_posts_the_reason_and_runs_lists_the_runs()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Accepted, Run).RespondOk($"[{Run}]");
        var trigger = await Cli.Tests.Run.Against(api, "retraining", "trigger", "ranker", "--reason", "new catalogue");
        var runs = await Cli.Tests.Run.Against(api, "retraining", "runs", "ranker");

        Assert.Equal((HttpMethod.Post, "/v1/models/ranker/retraining/runs", """{"reason":"new catalogue"}"""), (api.Requests[0].Method, api.Requests[0].Path, api.Requests[0].Body));
        Assert.Contains("ranker-retrain-2 started: training auto-2-20261203060000 against the stable v1", trigger.Out);
        Assert.Contains("ranker-retrain-2", runs.Out);
        Assert.Contains("manual: new catalogue", runs.Out);
    }

    [Fact]
    public async Task A_run_in_progress_is_reported_as_the_api_problem()
    {
        var api = new FakeApi().Respond(HttpStatusCode.Conflict, """{"title":"Conflict","status":409,"detail":"run ranker-retrain-2 is in progress (step training); one run at a time"}""");
        var run = await Cli.Tests.Run.Against(api, "retraining", "trigger", "ranker", "--reason", "again");

        Assert.NotEqual(RecsysCtl.Ok, run.ExitCode);
        Assert.Contains("one run at a time", run.Error);
    }
}
