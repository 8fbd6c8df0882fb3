using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class FeedbackLoopTests(GridFixture grid)
{
    [Fact]
    public async Task Rank_log_attribute_export_train_register_canary_and_report()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        const string model = "loop";
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "l1", model)).StatusCode);

        // Serve rankings and click the top item of most responses, the way the simulator's users do.
        var rng = new Random(3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clicks = new List<object>();
        for (var i = 0; i < 40; i++)
        {
            var candidates = Enumerable.Range(0, 10).Select(_ => "i" + rng.Next(200)).Distinct().ToArray();
            var r = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "loop-u" + (i % 7), model, candidates, k = candidates.Length })).Json();
            Assert.False(r.GetProperty("fallback").GetBoolean());
            var requestId = r.GetProperty("requestId").GetString()!;
            Assert.True(RequestIds.TryParse(requestId, out var m, out var v) && m == model && v == "l1", requestId);
            var items = r.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("itemId").GetString()).ToArray();
            foreach (var (item, k) in items.Take(3).Select((x, k) => (x, k)))
            {
                if (rng.NextDouble() < 0.6 - (k * 0.2))
                {
                    clicks.Add(new { eventId = $"loop-{i}-{k}", userId = "loop-u" + (i % 7), itemId = item, type = "click", ts = now, requestId });
                }
            }
        }

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", clicks)).StatusCode);

        // Outcomes are attributed to the version that served them.
        var lastReport = "";
        await TestInfra.WaitUntil(async () =>
        {
            var report = await (await admin.GetAsync($"/v1/models/{model}/report")).Json();
            lastReport = $"expected {clicks.Count} clicks; report: " + report.ToString()[..Math.Min(600, report.ToString().Length)];
            var stable = report.GetProperty("variants").EnumerateArray().FirstOrDefault(v => v.GetProperty("version").GetString() == "l1");
            return stable.ValueKind != System.Text.Json.JsonValueKind.Undefined && stable.GetProperty("clicks").GetInt64() == clicks.Count
                && stable.GetProperty("requests").GetInt64() >= 40;
        }, TimeSpan.FromSeconds(30), () => "clicks attributed in the report; " + lastReport);
        var full = await (await admin.GetAsync($"/v1/models/{model}/report")).Json();
        var variant = full.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "l1");
        Assert.Equal("stable", variant.GetProperty("variant").GetString());
        var ctr = variant.GetProperty("ctr");
        Assert.True(ctr.GetProperty("low").GetDouble() <= ctr.GetProperty("value").GetDouble() && ctr.GetProperty("value").GetDouble() <= ctr.GetProperty("high").GetDouble());
        Assert.Equal((double)clicks.Count / variant.GetProperty("impressions").GetInt64(), ctr.GetProperty("value").GetDouble(), 9);
        Assert.True(variant.GetProperty("drift").GetArrayLength() > 0);

        // Export the logged vectors joined with outcomes, train on them, register, canary.
        var file = Path.Combine(grid.ModelStore, "export.jsonl");
        await TestInfra.WaitUntil(async () =>
        {
            var s = await TrainingDataExporter.ExportAsync(new TrainingDataExporter.Options(grid.Kafka, DateTimeOffset.MinValue, TimeSpan.FromMinutes(30), file, model));
            return s.Predictions >= 40 && s.Positives == clicks.Count;
        }, TimeSpan.FromSeconds(30), "the export to see every logged prediction and click");
        var data = TrainingSet.FromJsonl(file);
        Assert.Equal(RankerTrainer.DefaultFeatures, data.FeatureNames);
        var trained = RankerTrainer.Train(data, new RankerTrainer.Options(model, "l2", Trees: 10, Leaves: 4), "feedback export");
        var upload = await admin.PostAsync($"/v1/models/{model}/versions", TestModels.Upload(trained.Onnx, trained.Manifest));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var plan = await (await admin.GetAsync($"/v1/models/{model}/rollout")).Json();
        var put = await admin.PutAsJsonAsync($"/v1/models/{model}/rollout",
            new { canary = "l2", canaryPercent = 50, revision = plan.GetProperty("revision").GetInt64(), reason = "retrained on served data" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // Serve again: half the users now get l2; their clicks show up as l2's CTR in the report.
        var v2Clicks = 0;
        var more = new List<object>();
        for (var i = 0; i < 60; i++)
        {
            var candidates = Enumerable.Range(0, 10).Select(_ => "i" + rng.Next(200)).Distinct().ToArray();
            var r = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "loop2-u" + i, model, candidates, k = 5 })).Json();
            var requestId = r.GetProperty("requestId").GetString()!;
            var top = r.GetProperty("items")[0].GetProperty("itemId").GetString();
            more.Add(new { eventId = $"loop2-{i}", userId = "loop2-u" + i, itemId = top, type = "click", ts = now, requestId });
            v2Clicks += r.GetProperty("version").GetString() == "l2" ? 1 : 0;
        }

        Assert.InRange(v2Clicks, 10, 50); // about half the users are in the 50% canary
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", more)).StatusCode);
        await TestInfra.WaitUntil(async () =>
        {
            var report = await (await admin.GetAsync($"/v1/models/{model}/report")).Json();
            var canary = report.GetProperty("variants").EnumerateArray().FirstOrDefault(v => v.GetProperty("version").GetString() == "l2");
            return canary.ValueKind != System.Text.Json.JsonValueKind.Undefined && canary.GetProperty("variant").GetString() == "canary"
                && canary.GetProperty("clicks").GetInt64() == v2Clicks && canary.GetProperty("ctr").GetProperty("value").GetDouble() > 0
                && report.GetProperty("ctrDifference").ValueKind == System.Text.Json.JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the canary's CTR in the report");
    }
}
