using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.IntegrationTests;

[Collection(GridCollection.Name)]
public sealed class ObservabilityTests(GridFixture grid)
{
    private static double Metric(string text, string family, params string[] labels) =>
        text.Split('\n')
            .Where(l => l.StartsWith(family + "{", StringComparison.Ordinal) && labels.All(x => l.Contains(x, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_scripted_workload_shows_up_in_every_metric_family_with_exact_counts()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "m1", "metrics37")).StatusCode);
        for (var i = 0; i < 37; i++)
        {
            var r = await admin.PostAsJsonAsync("/v1/rank", new { userId = "m-" + i, model = "metrics37", candidates = new[] { "i1", "i2", "i3" }, k = 2 });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events",
            new[] { new { eventId = "m37-e", userId = "m-1", itemId = "i1", type = "view", ts = now } })).StatusCode);
        await TestInfra.WaitUntil(async () =>
        {
            var text = await admin.GetStringAsync("/metrics");
            return Metric(text, "recsys_rank_requests_total", "model=\"metrics37\"") == 37
                && Metric(text, "recsys_ingest_applied_total") > 0
                && Metric(text, "recsys_predictions_logged_total") >= 37;
        }, TimeSpan.FromSeconds(15), "37 rank requests in /metrics");
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Equal(37, Metric(metrics, "recsys_rank_duration_seconds_count", "model=\"metrics37\""));
        Assert.Equal(0, Metric(metrics, "recsys_rank_fallbacks_total", "model=\"metrics37\""));
        foreach (var family in new[]
        {
            "recsys_scores_total", "recsys_ingest_applied_total", "recsys_ingest_checkpoints_total", "recsys_ingest_consumer_lag",
            "recsys_ingest_freshness_seconds_bucket", "recsys_rollout_changes_total", "recsys_model_sessions", "http_server_request_duration_seconds_bucket",
        })
        {
            Assert.Contains(family + "{", metrics);
        }

        Assert.DoesNotContain("userId", metrics);
        Assert.DoesNotContain("m-36", metrics); // no user ids as labels
    }

    [Fact]
    public async Task Drift_is_low_for_reference_traffic_and_names_a_shifted_feature()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "d1", "drift")).StatusCode);
        var manifest = TestModels.Ranker("d1", "drift").Manifest;
        var stats = grid.Host.Services.GetRequiredService<VariantStatsCollector>();
        var rng = new Random(12);

        stats.RecordDrift(manifest, ReferenceRows(manifest, rng, 5000, null), 5000, new float[5000]);
        await stats.FlushAsync();
        var report = await (await admin.GetAsync("/v1/models/drift/report")).Json();
        var drift = report.GetProperty("variants")[0].GetProperty("drift").EnumerateArray().ToArray();
        Assert.Equal(manifest.Features.Length, drift.Length);
        Assert.All(drift, f => Assert.True(f.GetProperty("psi").GetDouble() < 0.1, $"{f.GetProperty("feature")}: {f.GetProperty("psi")}"));
        Assert.Equal(0, report.GetProperty("driftingFeatures").GetArrayLength());

        stats.RecordDrift(manifest, ReferenceRows(manifest, rng, 20000, "item_price"), 20000, new float[20000]);
        await stats.FlushAsync();
        report = await (await admin.GetAsync("/v1/models/drift/report")).Json();
        var price = report.GetProperty("variants")[0].GetProperty("drift").EnumerateArray().Single(f => f.GetProperty("feature").GetString() == "item_price");
        Assert.True(price.GetProperty("psi").GetDouble() > 0.25);
        Assert.Equal("significant", price.GetProperty("level").GetString());
        Assert.Equal(["item_price"], report.GetProperty("driftingFeatures").EnumerateArray().Select(f => f.GetString()));
        // The exporter caches a scrape briefly, so wait for one taken after the drift was recorded.
        var metrics = "";
        await TestInfra.WaitUntil(async () => (metrics = await admin.GetStringAsync("/metrics")).Contains("model=\"drift\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5), "the drift gauge of model 'drift'");
        var driftLines = string.Join("\n", metrics.Split('\n').Where(l => l.Contains("drift", StringComparison.Ordinal)));
        Assert.True(Metric(metrics, "recsys_drift_psi", "model=\"drift\"", "feature=\"item_price\"") > 0.25, driftLines);
        Assert.True(Metric(metrics, "recsys_drift_psi", "model=\"drift\"", "feature=\"user_clicks_total\"") < 0.1);
    }

    [Fact]
    public async Task Attributed_ctr_intervals_contain_the_true_rates_and_the_difference_is_significant()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "a1", "attr")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "a2", "attr")).StatusCode);
        var plan = await (await admin.GetAsync("/v1/models/attr/rollout")).Json();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/v1/models/attr/rollout",
            new { canary = "a2", canaryPercent = 50, revision = plan.GetProperty("revision").GetInt64(), reason = "ab" })).StatusCode);

        // 20,000 impressions per variant with clicks drawn at 5% (stable) and 8% (canary).
        var rng = new Random(77);
        long Clicks(double p) => Enumerable.Range(0, 20_000).Count(_ => rng.NextDouble() < p);
        var monitor = grid.Host.Grains.GetGrain<IModelMonitorGrain>("attr");
        await monitor.RecordServingAsync([
            new VersionServingDelta("a1", 2000, 0, 0, [1.0], 20_000, [], null),
            new VersionServingDelta("a2", 2000, 0, 0, [1.0], 20_000, [], null),
        ]);
        SourcedOutcome[] Outcomes(string version, long clicks) =>
            Enumerable.Range(0, (int)clicks).Select(i => new SourcedOutcome($"attr-{version}/0@0", i, version, InteractionType.Click)).ToArray();
        await monitor.RecordOutcomesAsync([.. Outcomes("a1", Clicks(0.05)), .. Outcomes("a2", Clicks(0.08))]);

        var report = await (await admin.GetAsync("/v1/models/attr/report")).Json();
        var byVariant = report.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!, v => v.GetProperty("ctr"));
        Assert.InRange(0.05, byVariant["stable"].GetProperty("low").GetDouble(), byVariant["stable"].GetProperty("high").GetDouble());
        Assert.InRange(0.08, byVariant["canary"].GetProperty("low").GetDouble(), byVariant["canary"].GetProperty("high").GetDouble());
        var diff = report.GetProperty("ctrDifference");
        Assert.True(diff.GetProperty("low").GetDouble() > 0, "canary - stable must be significantly positive");
        Assert.InRange(0.03, diff.GetProperty("low").GetDouble(), diff.GetProperty("high").GetDouble());
    }

    /// <summary>
    /// <paramref name="n"/> feature rows drawn from the manifest's reference histograms (so their drift is low), except
    /// that the feature named <paramref name="shifted"/> always lands in the top bin.
    /// </summary>
    private static float[] ReferenceRows(ModelManifest manifest, Random rng, int n, string? shifted)
    {
        var width = manifest.Features.Length;
        var rows = new float[n * width];
        for (var j = 0; j < width; j++)
        {
            var h = manifest.ReferenceHistograms[manifest.Features[j]];
            var total = h.Counts.Sum();
            for (var i = 0; i < n; i++)
            {
                // Draw a bin with the reference's probabilities, then a value inside it.
                var x = rng.NextInt64(total);
                var bin = 0;
                while (x >= h.Counts[bin])
                {
                    x -= h.Counts[bin++];
                }

                var value = h.Edges.Length == 0 ? 0 : bin == 0 ? h.Edges[0] : bin == h.Edges.Length ? h.Edges[^1] + 1 : (h.Edges[bin - 1] + h.Edges[bin]) / 2;
                if (manifest.Features[j] == shifted)
                {
                    value = h.Edges.Length == 0 ? 1e6 : h.Edges[^1] * 10 + 1e6; // everything lands in the top bin
                }

                rows[(i * width) + j] = (float)value;
            }
        }

        return rows;
    }
}
