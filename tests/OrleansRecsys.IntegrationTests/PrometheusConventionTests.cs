using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OrleansRecsys.Api;
using OrleansRecsys.Features;
using OrleansRecsys.Grains;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.IntegrationTests;

/// <summary>/metrics of a running silo against Prometheus' conventions, checked by promtool itself.</summary>
[Collection(GridCollection.Name)]
public sealed partial class PrometheusConventionTests(GridFixture grid)
{
    [Fact]
    public async Task Promtool_finds_nothing_wrong_with_any_recsys_family_after_traffic()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "p1", "promlint")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/v1/rank",
                new { userId = "prom-" + i, model = "promlint", candidates = new[] { "i1", "i2" }, k = 1 })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events",
            new[] { new { eventId = "prom-e", userId = "prom-1", itemId = "i1", type = "view", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() } })).StatusCode);
        var text = "";
        await TestInfra.WaitUntil(async () => (text = await admin.GetStringAsync("/metrics")).Contains("recsys_rank_duration_seconds_bucket{", StringComparison.Ordinal)
                && text.Contains("recsys_ingest_freshness_seconds_bucket{", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "both duration histograms in /metrics");

        var findings = await Promtool.CheckMetricsAsync(text);

        Assert.DoesNotContain(findings, f => f.StartsWith("recsys_", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"(?m)^recsys_\w*_milliseconds", text);
    }

    [Fact]
    public async Task Duration_histograms_have_the_buckets_in_seconds_the_views_set()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "b1", "buckets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/v1/rank", new { userId = "b", model = "buckets", candidates = new[] { "i1" } })).StatusCode);
        var text = "";
        await TestInfra.WaitUntil(async () => (text = await admin.GetStringAsync("/metrics")).Contains("model=\"buckets\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the rank of model 'buckets' in /metrics");

        var bounds = Samples(text, "recsys_rank_duration_seconds_bucket").Where(s => s.Line.Contains("model=\"buckets\"", StringComparison.Ordinal))
            .Select(s => Le().Match(s.Line).Groups[1].Value).ToArray();

        Assert.Equal([.. RecsysMetrics.RankDurationBuckets.Select(b => b.ToString(CultureInfo.InvariantCulture)), "+Inf"], bounds);
    }

    [Fact]
    public async Task Every_counter_and_gauge_family_and_every_known_label_set_is_exported()
    {
        using var http = grid.Host.Http();
        var text = await http.GetStringAsync("/metrics");
        var lines = text.Split('\n').Where(l => l.StartsWith("recsys_", StringComparison.Ordinal)).ToArray();

        foreach (var property in typeof(RecsysMetrics).GetProperties())
        {
            var family = property.GetValue(grid.Host.Services.GetService(typeof(RecsysMetrics))) switch
            {
                Counter<long> counter => counter.Name + "_total",
                UpDownCounter<long> gauge => gauge.Name,
                _ => null, // histograms are written from their first measurement only
            };
            Assert.True(family is null || lines.Any(l => l.StartsWith(family + "{", StringComparison.Ordinal)), $"{family} is not exported");
        }

        foreach (var reason in RejectReasons.All)
        {
            Assert.Contains(lines, l => l.StartsWith("recsys_ingest_rejected_total{", StringComparison.Ordinal) && l.Contains($"reason=\"{reason}\"", StringComparison.Ordinal));
        }

        AssertLabelSet(lines, "recsys_ingest_rewinds_total", "reason", RewindReasons.All);
        AssertLabelSet(lines, "recsys_ingest_checkpoints_total", "why", CheckpointTriggers.All);
        AssertLabelSet(lines, "recsys_rank_fallbacks_total", "reason", FallbackReasons.All);
        AssertLabelSet(lines, "recsys_rank_caller_fallbacks_total", "reason", [FallbackReasons.Deadline, FallbackReasons.SiloUnavailable]);
        AssertLabelSet(lines, "recsys_rollout_changes_total", "action", RolloutActions.All);
        AssertLabelSet(lines, "recsys_ingest_offset_epochs_total", "topic", [Topics.Interactions, Topics.Items]);
        AssertLabelSet(lines, "recsys_data_quality_values_total", "kind", ["expired", "missing", "non_finite", "out_of_range"]);
        AssertLabelSet(lines, "recsys_data_quality_schema_changes_total", "kind", ["unknown_field", "unknown_event_type", "new_category"]);
        AssertLabelSet(lines, "recsys_feature_fallbacks_total", "status", ["expired", "missing"]);
    }

    [Fact]
    public async Task The_silo_names_itself_in_target_info()
    {
        using var http = grid.Host.Http();
        var text = await http.GetStringAsync("/metrics");

        Assert.Matches($"(?m)^target_info{{.*service_name=\"{TelemetryServiceNames.Silo}\"", text);
        Assert.DoesNotContain("unknown_service", text, StringComparison.Ordinal);
    }

    private static void AssertLabelSet(string[] lines, string family, string label, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Assert.True(lines.Any(l => l.StartsWith(family + "{", StringComparison.Ordinal) && l.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)),
                $"{family}{{{label}=\"{value}\"}} is not exported");
        }
    }

    private static IEnumerable<(string Line, double Value)> Samples(string text, string family) =>
        text.Split('\n').Where(l => l.StartsWith(family + "{", StringComparison.Ordinal))
            .Select(l => (l, double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)));

    [GeneratedRegex("le=\"([^\"]+)\"")]
    private static partial Regex Le();
}
