using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class FeedbackLoopTests(GridFixture grid)
{
    private const string Model = "loop";

    [Fact]
    public async Task Rank_log_attribute_export_train_register_canary_and_report()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "l1", Model)).StatusCode);
        var rng = new Random(3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var clicks = await ServeAndClickTopItemsAsync(admin, rng, now);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", clicks)).StatusCode);
        await AssertClicksAttributedToStableAsync(admin, clicks.Count);

        var trained = await ExportAndTrainAsync(clicks.Count);
        await RegisterAsHalfCanaryAsync(admin, trained);

        var (more, v2Clicks) = await ServeWithCanaryAsync(admin, rng, now);
        Assert.InRange(v2Clicks, 10, 50); // about half the users are in the 50% canary
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", more)).StatusCode);
        await WaitForCanaryCtrAsync(admin, v2Clicks);
    }

    /// <summary>Serves rankings from l1 and clicks the top items of most responses, the way the simulator's users do.</summary>
    private static async Task<List<object>> ServeAndClickTopItemsAsync(HttpClient admin, Random rng, long now)
    {
        var clicks = new List<object>();
        for (var i = 0; i < 40; i++)
        {
            var candidates = Enumerable.Range(0, 10).Select(_ => "i" + rng.Next(200)).Distinct().ToArray();
            var r = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "loop-u" + (i % 7), model = Model, candidates, k = candidates.Length })).Json();
            Assert.False(r.GetProperty("fallback").GetBoolean());
            var requestId = r.GetProperty("requestId").GetString()!;
            Assert.True(RequestIds.TryParse(requestId, out var m, out var v) && m == Model && v == "l1", requestId);
            var items = r.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("itemId").GetString()).ToArray();
            foreach (var (item, k) in items.Take(3).Select((x, k) => (x, k)))
            {
                if (rng.NextDouble() < 0.6 - (k * 0.2))
                {
                    clicks.Add(new { eventId = $"loop-{i}-{k}", userId = "loop-u" + (i % 7), itemId = item, type = "click", ts = now, requestId });
                }
            }
        }

        return clicks;
    }

    /// <summary>Outcomes are attributed to the version that served them: the report shows l1's clicks, CTR and drift.</summary>
    private static async Task AssertClicksAttributedToStableAsync(HttpClient admin, int clicks)
    {
        var lastReport = "";
        await TestInfra.WaitUntil(async () =>
        {
            var report = await (await admin.GetAsync($"/v1/models/{Model}/report")).Json();
            lastReport = $"expected {clicks} clicks; report: " + report.ToString()[..Math.Min(600, report.ToString().Length)];
            var stable = Variant(report, "l1");
            return stable.ValueKind != JsonValueKind.Undefined && stable.GetProperty("clicks").GetInt64() == clicks
                && stable.GetProperty("requests").GetInt64() >= 40;
        }, TimeSpan.FromSeconds(30), () => "clicks attributed in the report; " + lastReport);
        var full = await (await admin.GetAsync($"/v1/models/{Model}/report")).Json();
        var variant = full.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "l1");
        Assert.Equal("stable", variant.GetProperty("variant").GetString());
        var ctr = variant.GetProperty("ctr");
        Assert.True(ctr.GetProperty("low").GetDouble() <= ctr.GetProperty("value").GetDouble() && ctr.GetProperty("value").GetDouble() <= ctr.GetProperty("high").GetDouble());
        Assert.Equal((double)clicks / variant.GetProperty("impressions").GetInt64(), ctr.GetProperty("value").GetDouble(), 9);
        Assert.True(variant.GetProperty("drift").GetArrayLength() > 0);
    }

    /// <summary>Exports the logged vectors joined with outcomes and trains l2 on them.</summary>
    private async Task<RankerTrainer.Result> ExportAndTrainAsync(int clicks)
    {
        var file = Path.Combine(grid.ModelStore, "export.jsonl");
        await TestInfra.WaitUntil(async () =>
        {
            var s = await TrainingDataExporter.ExportAsync(new TrainingDataExporter.Options(grid.Kafka, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), file, Model));
            return s.Predictions >= 40 && s.Positives == clicks;
        }, TimeSpan.FromSeconds(30), "the export to see every logged prediction and click");
        var data = TrainingSet.FromJsonl(file);
        Assert.Equal(RankerTrainer.DefaultFeatures, data.FeatureNames);
        return RankerTrainer.Train(data, new RankerTrainer.Options(Model, "l2", Trees: 10, Leaves: 4), "feedback export");
    }

    private static async Task RegisterAsHalfCanaryAsync(HttpClient admin, RankerTrainer.Result trained)
    {
        var upload = await admin.PostAsync($"/v1/models/{Model}/versions", TestModels.Upload(trained.Onnx, trained.Manifest));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var plan = await (await admin.GetAsync($"/v1/models/{Model}/rollout")).Json();
        var put = await admin.PutAsJsonAsync($"/v1/models/{Model}/rollout",
            new { canary = "l2", canaryPercent = 50, revision = plan.GetProperty("revision").GetInt64(), reason = "retrained on served data" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    /// <summary>Serves new users, half of whom now get l2, and clicks each top item; returns the clicks and how many l2 served.</summary>
    private static async Task<(List<object> Clicks, int V2Clicks)> ServeWithCanaryAsync(HttpClient admin, Random rng, long now)
    {
        var v2Clicks = 0;
        var more = new List<object>();
        for (var i = 0; i < 60; i++)
        {
            var candidates = Enumerable.Range(0, 10).Select(_ => "i" + rng.Next(200)).Distinct().ToArray();
            var r = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "loop2-u" + i, model = Model, candidates, k = 5 })).Json();
            var requestId = r.GetProperty("requestId").GetString()!;
            var top = r.GetProperty("items")[0].GetProperty("itemId").GetString();
            more.Add(new { eventId = $"loop2-{i}", userId = "loop2-u" + i, itemId = top, type = "click", ts = now, requestId });
            v2Clicks += r.GetProperty("version").GetString() == "l2" ? 1 : 0;
        }

        return (more, v2Clicks);
    }

    /// <summary>The canary's clicks show up as l2's CTR in the report, next to the difference from stable.</summary>
    private static Task WaitForCanaryCtrAsync(HttpClient admin, int v2Clicks) =>
        TestInfra.WaitUntil(async () =>
        {
            var report = await (await admin.GetAsync($"/v1/models/{Model}/report")).Json();
            var canary = Variant(report, "l2");
            return canary.ValueKind != JsonValueKind.Undefined && canary.GetProperty("variant").GetString() == "canary"
                && canary.GetProperty("clicks").GetInt64() == v2Clicks && canary.GetProperty("ctr").GetProperty("value").GetDouble() > 0
                && report.GetProperty("ctrDifference").ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the canary's CTR in the report");

    /// <summary>The report's entry for <paramref name="version"/>, or an undefined element while it has none.</summary>
    private static JsonElement Variant(JsonElement report, string version) =>
        report.GetProperty("variants").EnumerateArray().FirstOrDefault(v => v.GetProperty("version").GetString() == version);
}
