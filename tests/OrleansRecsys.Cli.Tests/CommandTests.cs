using System.Net;
using System.Text.Json;

namespace OrleansRecsys.Cli.Tests;

public sealed class CommandTests
{
    private const string Plan = """
        {"model":"ranker","stable":"v1","canary":"v2","canaryPercent":5,"shadow":["v3"],"salt":"s",
         "guardrails":{"minRequests":100,"maxErrorRateDelta":0.02,"maxFallbackRateDelta":0.05,"maxScoreTimeRatio":2,"maxScoreTimeDeltaUs":0},"revision":4}
        """;

    private const string Manifest = """
        {"name":"ranker","version":"v2","createdAt":"2026-01-02T03:04:05Z","features":["item_price","user_clicks_total"],
         "inputName":"features","outputName":"probability","metrics":{"auc":0.81234},"dataset":"synthetic","sha256":"abc",
         "trainer":"ml.net fasttree","referenceHistograms":{},"scoreHistogram":null}
        """;

    private static readonly string VersionInfo =
        $$"""{"manifest":{{Manifest}},"status":"active","registeredAt":"2026-01-02T04:00:00Z","registeredBy":"alice","sizeBytes":2048}""";

    [Fact]
    public async Task Rollout_get_sends_the_token_and_prints_the_plan()
    {
        var api = new FakeApi().RespondOk(Plan);
        var run = await Run.Against(api, "rollout", "get", "ranker");
        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        var request = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Get, "/v1/models/ranker/rollout", "Bearer test-token"), (request.Method, request.Path, request.Authorization));
        Assert.Equal(Lines(
            "model       ranker",
            "stable      v1",
            "canary      v2 @ 5%",
            "shadow      v3",
            "guardrails  min 100 requests per arm, error delta ≤ 0.02, fallback delta ≤ 0.05, scoring time per row ≤ 2× stable's",
            "revision    4"), run.Out);
    }

    [Fact]
    public async Task Rank_with_explain_asks_for_explanations_and_prints_each_items_contributions()
    {
        var api = new FakeApi().RespondOk("""
            {"requestId":"r1","model":"ranker","version":"v2","variant":"stable","fallback":false,"fallbackReason":null,
             "asOf":"2026-01-02T03:04:05Z","items":[{"itemId":"i7","score":0.75,"contributions":[
               {"feature":"item_price","value":50,"reference":20,"contribution":0.3},
               {"feature":"user_clicks_total","value":3,"reference":2,"contribution":-0.125}]}]}
            """);

        var run = await Run.Against(api, "rank", "u1", "i7", "--explain");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Contains("\"explain\":true", Assert.Single(api.Requests).Body);
        Assert.Equal(Lines(
            "ranker@v2  variant stable  fallback no  request r1  as of 2026-01-02 03:04:05Z",
            "#  ITEMID     SCORE",
            "1  i7      0.750000",
            "",
            "contributions: score minus the score with the feature at its training median",
            "ITEMID  FEATURE            VALUE  REFERENCE  CONTRIBUTION",
            "i7      item_price            50         20      0.300000",
            "i7      user_clicks_total      3          2     -0.125000"), run.Out);
    }

    [Fact]
    public async Task Json_prints_the_raw_body()
    {
        var run = await Run.Against(new FakeApi().RespondOk(Plan), "--json", "rollout", "get", "ranker");
        Assert.Equal(Plan + Environment.NewLine, run.Out);
    }

    [Fact]
    public async Task Rollout_set_without_a_revision_reads_the_plan_then_puts_the_change_at_its_revision()
    {
        var api = new FakeApi().RespondOk(Plan).RespondOk(Plan);
        var run = await Run.Against(api, "rollout", "set", "ranker", "--canary", "none", "--reason", "stop", "--shadow", "none", "--max-score-time-ratio", "1.5",
            "--max-score-time-delta-us", "4");
        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Equal([HttpMethod.Get, HttpMethod.Put], api.Requests.Select(r => r.Method));
        var put = api.Requests[1];
        Assert.Equal(("/v1/models/ranker/rollout", "application/json"), (put.Path, put.ContentType));
        Assert.Equal(
            """{"canary":null,"canaryPercent":0,"shadow":[],"guardrails":{"minRequests":100,"maxErrorRateDelta":0.02,"maxFallbackRateDelta":0.05,"maxScoreTimeRatio":1.5,"maxScoreTimeDeltaUs":4},"revision":4,"reason":"stop"}""",
            put.Body);
    }

    [Fact]
    public async Task Rollout_set_with_a_revision_puts_without_reading()
    {
        var api = new FakeApi().RespondOk(Plan);
        await Run.Against(api, "rollout", "set", "ranker", "--canary", "v2", "--percent", "5%", "--reason", "try it", "--revision", "7");
        var put = Assert.Single(api.Requests);
        Assert.Equal("""{"canary":"v2","canaryPercent":5,"revision":7,"reason":"try it"}""", put.Body);
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("rollback")]
    public async Task Promote_and_rollback_post_the_reason_and_the_given_revision(string verb)
    {
        var api = new FakeApi().RespondOk(Plan);
        await Run.Against(api, "rollout", verb, "ranker", "--reason", "done", "--revision", "7");
        var post = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Post, $"/v1/models/ranker/rollout/{verb}", """{"revision":7,"reason":"done"}"""), (post.Method, post.Path, post.Body));
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("rollback")]
    public async Task Promote_and_rollback_without_a_revision_decide_on_the_plan_read_first(string verb)
    {
        var api = new FakeApi().RespondOk(Plan).RespondOk(Plan);
        var run = await Run.Against(api, "rollout", verb, "ranker", "--reason", "done");
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal((HttpMethod.Get, "/v1/models/ranker/rollout"), (api.Requests[0].Method, api.Requests[0].Path));
        var revision = System.Text.Json.JsonDocument.Parse(Plan).RootElement.GetProperty("revision").GetInt64();
        Assert.Equal($$"""{"revision":{{revision}},"reason":"done"}""", api.Requests[1].Body);
        Assert.Contains("canary v2 @ 5%", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_history_lists_changes_newest_first()
    {
        var history = $$"""
            [{"revision":1,"action":"set","who":"bob","when":"2026-01-01T00:00:00Z","why":"first","before":null,"after":{{Plan}}},
             {"revision":2,"action":"promote","who":"alice","when":"2026-01-02T00:00:00Z","why":"good","before":null,"after":{{Plan}}}]
            """;
        var run = await Run.Against(new FakeApi().RespondOk(history), "rollout", "history", "ranker");
        Assert.Equal(Lines(
            "WHEN                  WHO    ACTION   REV  STABLE  CANARY   WHY",
            "2026-01-02 00:00:00Z  alice  promote    2  v1      v2 @ 5%  good",
            "2026-01-01 00:00:00Z  bob    set        1  v1      v2 @ 5%  first"), run.Out);
    }

    [Fact]
    public async Task Models_list_shows_each_version_with_its_role()
    {
        var run = await Run.Against(new FakeApi().RespondOk($$"""[{"name":"ranker","rollout":{{Plan}},"versions":[{{VersionInfo}}]}]"""), "models", "list");
        Assert.Equal(Lines(
            "MODEL   VERSION  ROLE       STATUS  REGISTERED            BY       AUC  SIZE",
            "ranker  v2       canary 5%  active  2026-01-02 04:00:00Z  alice  0.812  2.0 KB"), run.Out);
    }

    [Fact]
    public async Task Models_show_prints_the_manifest_and_its_metrics()
    {
        var api = new FakeApi().RespondOk(VersionInfo);
        var run = await Run.Against(api, "models", "show", "ranker", "v2");
        Assert.Equal("/v1/models/ranker/versions/v2", Assert.Single(api.Requests).Path);
        Assert.Contains("features      2: item_price, user_clicks_total", run.Out);
        Assert.EndsWith(Lines("METRIC   VALUE", "auc     0.8123"), run.Out);
    }

    [Fact]
    public async Task Models_register_uploads_both_files_as_a_form()
    {
        var dir = Directory.CreateTempSubdirectory("recsysctl-register-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "model.onnx"), "onnx-bytes");
            File.WriteAllText(Path.Combine(dir, "manifest.json"), Manifest);
            var api = new FakeApi().Respond(HttpStatusCode.Created, VersionInfo).RespondOk($$"""[{"name":"ranker","versions":[{{VersionInfo}}]}]""");
            var run = await Run.Against(api, "models", "register", "ranker", "--dir", dir);
            var post = api.Requests[0];
            Assert.Equal((HttpMethod.Post, "/v1/models/ranker/versions", "multipart/form-data"), (post.Method, post.Path, post.ContentType));
            Assert.Contains("name=model; filename=model.onnx", post.Body);
            Assert.Contains("onnx-bytes", post.Body);
            Assert.StartsWith("registered ranker@v2 (2.0 KB, sha256 abc)", run.Out);
            Assert.Equal("", run.Error);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Models_register_notes_a_version_whose_bytes_equal_an_existing_one()
    {
        var dir = Directory.CreateTempSubdirectory("recsysctl-register-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "model.onnx"), "onnx-bytes");
            File.WriteAllText(Path.Combine(dir, "manifest.json"), Manifest);
            var v1 = VersionInfo.Replace("\"version\":\"v2\"", "\"version\":\"v1\"", StringComparison.Ordinal);
            var api = new FakeApi().Respond(HttpStatusCode.Created, VersionInfo).RespondOk($$"""[{"name":"ranker","versions":[{{v1}},{{VersionInfo}}]}]""");

            var run = await Run.Against(api, "models", "register", "ranker", "--dir", dir);

            Assert.Equal(RecsysCtl.Ok, run.ExitCode);
            Assert.Equal((HttpMethod.Get, "/v1/models"), (api.Requests[1].Method, api.Requests[1].Path));
            Assert.StartsWith("note: ranker@v2 has the same bytes (sha256 abc) as ranker@v1;", run.Error);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Models_register_without_the_files_is_a_usage_error()
    {
        var run = await Run.Offline("models", "register", "ranker", "--dir", "/nonexistent/model-dir");
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.StartsWith("error: /nonexistent/model-dir/model.onnx does not exist", run.Error);
    }

    [Fact]
    public async Task Models_retire_deletes_the_version()
    {
        var api = new FakeApi().RespondOk(VersionInfo);
        var run = await Run.Against(api, "models", "retire", "ranker", "v 2");
        var delete = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Delete, "/v1/models/ranker/versions/v%202"), (delete.Method, delete.Path));
        Assert.Equal(Lines("retired ranker@v2"), run.Out);
    }

    [Fact]
    public async Task Features_prints_numbers_maps_and_lists_readably()
    {
        var api = new FakeApi().RespondOk("""
            {"id":"u1","asOf":"2026-01-02T00:00:00Z","lastEventTs":null,
             "features":{"user_clicks_total":3,"user_category_affinity":{"books":0.2,"shoes":0.7},"user_recent":[{"key":"i9"},{"key":"i4"}]}}
            """);
        var run = await Run.Against(api, "features", "user", "u1");
        Assert.Equal("/v1/features/users/u1", Assert.Single(api.Requests).Path);
        Assert.Equal(Lines(
            "user u1  as of 2026-01-02 00:00:00Z  last event never",
            "FEATURE                 VALUE",
            "user_category_affinity  shoes=0.7, books=0.2",
            "user_clicks_total       3",
            "user_recent             i9, i4"), run.Out);
    }

    [Fact]
    public async Task Rank_posts_the_candidates_and_prints_the_scores()
    {
        var api = new FakeApi().RespondOk("""
            {"requestId":"r1","model":"ranker","version":"v1","variant":"stable","fallback":false,"fallbackReason":null,
             "asOf":"2026-01-02T00:00:00Z","items":[{"itemId":"i2","score":0.9},{"itemId":"i1","score":0.25}]}
            """);
        var run = await Run.Against(api, "rank", "u1", "i1", "i2", "--k", "2");
        var post = Assert.Single(api.Requests);
        Assert.Equal((HttpMethod.Post, "/v1/rank", """{"userId":"u1","candidates":["i1","i2"],"k":2}"""), (post.Method, post.Path, post.Body));
        Assert.Equal(Lines(
            "ranker@v1  variant stable  fallback no  request r1  as of 2026-01-02 00:00:00Z",
            "#  ITEMID     SCORE",
            "1  i2      0.900000",
            "2  i1      0.250000"), run.Out);
    }

    [Fact]
    public async Task Report_prints_variants_and_the_ctr_difference()
    {
        var api = new FakeApi().RespondOk("""
            {"model":"ranker","since":"2026-01-01T00:00:00Z","ctrDifference":{"value":0.01,"low":0.002,"high":0.02},"driftingFeatures":[],
             "variants":[{"variant":"stable","version":"v1","requests":1000,"p50Ms":1.5,"p99Ms":9,"errorRate":0,"fallbackRate":0.01,
               "impressions":900,"clicks":90,"purchases":3,"ctr":{"value":0.1,"low":0.08,"high":0.12},"drift":[],"scorePsi":null,"scoreKs":null}]}
            """);
        var run = await Run.Against(api, "report", "ranker");
        Assert.Equal("/v1/models/ranker/report", Assert.Single(api.Requests).Path);
        Assert.Contains("stable   v1           1000     1.5       9   0.00%      1.00%          900      90  10.00% [8.00%, 12.00%]          -", run.Out);
        Assert.EndsWith(Lines("CTR canary - stable: 1.00% [0.20%, 2.00%]  (canary better)"), run.Out);
    }

    [Fact]
    public async Task Report_prints_both_guardrail_arms_the_measures_and_the_verdict()
    {
        var judged = await Run.Against(new FakeApi().RespondOk(GuardrailReport("within_bounds", "\"errorRateDelta\":0.001,\"fallbackRateDelta\":-0.002,\"scoreTimeRatio\":1.2,\"scoreTimeDeltaUs\":0.25")),
            "report", "ranker");
        Assert.Contains("canary - stable: error rate +0.1 points (max +2), fallback rate -0.2 points (max +5); scoring time per row 1.2× (max 2×), +0.25 µs (max off)", judged.Out);

        var api = new FakeApi().RespondOk("""
            {"model":"ranker","since":"2026-01-01T00:00:00Z","ctrDifference":null,"driftingFeatures":[],"variants":[],
             "guardrails":{"verdict":"insufficient_sample","reason":"insufficient sample: 40 comparable requests on the canary and 900 on the stable; 100 needed on each",
               "canary":{"version":"v2","requests":60,"warmUp":20,"compared":40,"errorRate":0.025,"fallbackRate":0.05,"scoredCompared":39,"scoreUsPerRow":1.5},
               "stable":{"version":"v1","requests":950,"warmUp":0,"compared":900,"errorRate":0,"fallbackRate":0.01,"scoredCompared":900,"scoreUsPerRow":1.25},
               "errorRateDelta":null,"fallbackRateDelta":null,"scoreTimeRatio":null,"scoreTimeDeltaUs":null,
               "thresholds":{"minRequests":100,"maxErrorRateDelta":0.02,"maxFallbackRateDelta":0.05,"maxScoreTimeRatio":2,"maxScoreTimeDeltaUs":0},"windowSeconds":300}}
            """);
        var run = await Run.Against(api, "report", "ranker");
        Assert.Contains(Lines(
            "guardrails (300 s window): insufficient_sample: insufficient sample: 40 comparable requests on the canary and 900 on the stable; 100 needed on each",
            "ARM     VERSION  REQUESTS  WARM-UP  COMPARED  ERRORS  FALLBACKS  SCORED  US/ROW (MEDIAN)",
            "canary  v2             60       20        40   2.50%      5.00%      39              1.5",
            "stable  v1            950        0       900   0.00%      1.00%     900             1.25",
            "canary - stable: error rate - (max +2), fallback rate - (max +5); scoring time per row - (max 2×), - (max off)"), run.Out);
    }

    [Theory]
    [InlineData(2.812, "drift over the grid's drift window (PSI >= 0.1):")]
    [InlineData(0.042, "drift over the grid's drift window: none (largest PSI 0.042, item_price)")]
    public async Task Report_lists_drifting_inputs_or_says_that_none_drifts(double pricePsi, string expected)
    {
        var report = $$"""
            {"model":"ranker","since":"2026-01-01T00:00:00Z","ctrDifference":null,"driftingFeatures":[],"guardrails":null,"variants":[
             {"variant":"stable","version":"v1","requests":10,"p50Ms":1,"p99Ms":2,"errorRate":0,"fallbackRate":0,"impressions":50,"clicks":5,"purchases":0,
              "ctr":{"value":0.1,"low":0.05,"high":0.2},"scorePsi":null,"scoreKs":null,
              "drift":[{"feature":"item_price","psi":{{pricePsi.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"level":"x"},{"feature":"user_clicks_total","psi":0.01,"level":"none"}]}]}
            """;

        var run = await Run.Against(new FakeApi().RespondOk(report), "report", "ranker");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Contains(expected, run.Out);
        Assert.Equal(pricePsi >= 0.1, run.Out.Contains("v1       item_price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_lists_the_inputs_with_data_quality_problems_and_leaves_clean_ones_out()
    {
        var report = """
            {"model":"ranker","since":"2026-01-01T00:00:00Z","ctrDifference":null,"driftingFeatures":[],"guardrails":null,"variants":[],
             "dataQuality":{"versions":[{"version":"v1","variant":"stable","rows":200,"inputs":[
               {"feature":"item_price","missingRate":0.5,"expiredRate":0,"defaultRate":0.5,"nonFiniteRate":0.25,"outOfRangeRate":0.3,"rangeLow":-10,"rangeHigh":50},
               {"feature":"user_clicks_total","missingRate":0,"expiredRate":0,"defaultRate":0,"nonFiniteRate":0,"outOfRangeRate":0,"rangeLow":null,"rangeHigh":null}]}]}}
            """;

        var run = await Run.Against(new FakeApi().RespondOk(report), "report", "ranker");

        Assert.Matches(@"(?m)^v1\s+item_price\s+50\.00%\s+0\.00%\s+25\.00%\s+30\.00%\s+-10 \.\. 50\s*$", run.Out);
        Assert.DoesNotContain("user_clicks_total", run.Out);
    }

    [Fact]
    public async Task Simulate_posts_synthetic_events_and_summarises_the_answers()
    {
        var api = new FakeApi().RespondOkTo("/v1/items", """{"accepted":500,"rejected":[]}""")
            .RespondOk("""{"accepted":4,"rejected":[{"index":2,"reason":"stale","detail":"too old"}]}""");
        var run = await Run.Against(api, "simulate", "--events", "5", "--rate", "0", "--batch", "5", "--seed", "1");
        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        Assert.Equal("/v1/items", api.Requests[0].Path);
        var post = Assert.Single(api.Requests, r => r.Path == "/v1/events");
        using var events = JsonDocument.Parse(post.Body);
        Assert.Equal(5, events.RootElement.GetArrayLength());
        Assert.All(events.RootElement.EnumerateArray(), e => Assert.StartsWith("sim-", e.GetProperty("eventId").GetString()));
        Assert.Matches(@"^sent 5 events in \d+\.\ds: 4 accepted, 1 rejected\r?\nREASON  COUNT\r?\nstale       1\r?\n$", run.Out);
    }

    [Fact]
    public async Task Simulate_with_a_price_shift_raises_every_items_price_and_restores_it_at_the_end()
    {
        var api = new FakeApi().RespondOkTo("/v1/items", """{"accepted":20,"rejected":[]}""")
            .RespondOk("""{"accepted":5,"rejected":[]}""");

        var run = await Run.Against(api, "simulate", "--events", "5", "--rate", "0", "--items", "20", "--shift", "price", "--seed", "1");

        Assert.Equal(RecsysCtl.Ok, run.ExitCode);
        var shifted = Prices(api.Requests[0]);
        var restored = Prices(api.Requests[^1]);
        Assert.Equal(20, shifted.Count);
        var both = restored.Where(p => shifted.ContainsKey(p.Key)).ToList(); // an item may have been replaced during the run
        Assert.True(both.Count >= 18, $"{both.Count} items in both posts");
        Assert.All(both, p => Assert.Equal(Math.Round(p.Value * 2.5, 2), shifted[p.Key], 6));
        Assert.Contains("price shift over", run.Error);
    }

    private static Dictionary<string, double> Prices(FakeApi.SentRequest request)
    {
        Assert.Equal("/v1/items", request.Path);
        using var items = JsonDocument.Parse(request.Body);
        return items.RootElement.EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!, i => i.GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Simulate_refuses_a_batch_larger_than_the_api_takes()
    {
        var run = await Run.Offline("simulate", "--batch", "10001");
        Assert.Equal(RecsysCtl.BadUsage, run.ExitCode);
        Assert.StartsWith("error: --batch must be an integer in 1..10000 (got '10001')", run.Error);
    }

    private static string GuardrailReport(string verdict, string measures) => $$$"""
        {"model":"ranker","since":"2026-01-01T00:00:00Z","ctrDifference":null,"driftingFeatures":[],"variants":[],
         "guardrails":{"verdict":"{{{verdict}}}","reason":"r",{{{measures}}},
           "canary":{"version":"v2","requests":60,"warmUp":20,"compared":40,"errorRate":0.025,"fallbackRate":0.05,"scoredCompared":39,"scoreUsPerRow":1.5},
           "stable":{"version":"v1","requests":950,"warmUp":0,"compared":900,"errorRate":0,"fallbackRate":0.01,"scoredCompared":900,"scoreUsPerRow":1.25},
           "thresholds":{"minRequests":100,"maxErrorRateDelta":0.02,"maxFallbackRateDelta":0.05,"maxScoreTimeRatio":2,"maxScoreTimeDeltaUs":0},"windowSeconds":300}}
        """;

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + Environment.NewLine));
}
