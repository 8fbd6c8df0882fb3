using System.Net;
using YamlDotNet.RepresentationModel;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Scaling silo processes in and out under load: SIGTERM drains and loses nothing; a new silo joins with no failed request.</summary>
public sealed class ScalingTests
{
    [Fact]
    public async Task Sigterm_drains_within_30s_and_a_silo_added_under_load_fails_no_request()
    {
        using var cluster = await ProcessCluster.StartAsync("scale", silos: 2);
        var events = UserReference.Generate("scale-u", 1000, 30_000, seed: 9);
        using var producer = Interactions.Producer(cluster.Kafka, lingerMs: 5);
        var produce = Task.Run(() => Interactions.ProduceSteadilyAsync(producer, events, "scale-"));
        await using var ranking = RankLoad.Start(cluster.Silos[0].Url, "scale-u", 1000, TimeSpan.FromMilliseconds(10));

        // Scale in: SIGTERM the second silo mid-stream; it checkpoints, hands its partitions over and exits.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var shutdown = TerminateWithin30s(cluster.Silos[1]);

        // Scale out under load: a third silo joins while ranking goes on.
        await cluster.AddSiloAsync();
        await produce;

        await TestInfra.WaitUntil(() => cluster.MatchesReferenceAsync(UserReference.From(events), UserReference.Items(events)), TimeSpan.FromSeconds(90),
            "every user and item to equal the reference after scaling in and out");
        var (statuses, _) = await ranking.StopAsync();
        Assert.True(statuses.Count > 50, $"only {statuses.Count} rank requests were made");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(shutdown < TimeSpan.FromSeconds(30), $"shutdown took {shutdown.TotalSeconds:F1} s");
        Assert.Equal(2L, await cluster.MembersAsync(SiloStatus.Active));
    }

    /// <summary>Sends SIGTERM and asserts the silo exits within 30 s; returns how long it took.</summary>
    private static TimeSpan TerminateWithin30s(SiloProcess silo)
    {
        var terminated = System.Diagnostics.Stopwatch.StartNew();
        silo.Terminate();
        Assert.True(silo.WaitForExit(TimeSpan.FromSeconds(30)), "SIGTERM must complete within 30 s");
        return terminated.Elapsed;
    }

    [Fact]
    public void Compose_file_parses_and_references_only_files_that_exist()
    {
        var root = SiloProcess.RepoRoot();
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(root, "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var doc = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)doc.Children[new YamlScalarNode("services")];
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        Assert.Superset(new HashSet<string?> { "kafka", "postgres", "silo", "gateway", "prometheus", "grafana" }, names);
        var text = File.ReadAllText(Path.Combine(root, "docker-compose.yml"));
        var paths = System.Text.RegularExpressions.Regex.Matches(text, @"(?<![\w/])\./[\w./-]+").Select(m => m.Value.TrimEnd('.', ':')).Distinct().ToArray();
        Assert.NotEmpty(paths);
        foreach (var p in paths.Where(p => p != "./"))
        {
            Assert.True(File.Exists(Path.Combine(root, p)) || Directory.Exists(Path.Combine(root, p)), $"docker-compose.yml references {p}, which does not exist");
        }

        Assert.True(File.Exists(Path.Combine(root, "Dockerfile")));
        var dashboard = File.ReadAllText(Path.Combine(root, "silo-config", "grafana", "dashboards", "recsys.json"));
        foreach (var family in System.Text.RegularExpressions.Regex.Matches(dashboard, @"recsys_[a-z_]+").Select(m => m.Value).Distinct())
        {
            Assert.Contains(family.Replace("_bucket", "").Replace("_total", "").Replace("_seconds", ""), MetricFamilies);
        }
    }

    /// <summary>The instruments RecsysMetrics exports (Prometheus adds unit and _total/_bucket suffixes).</summary>
    private static readonly string[] MetricFamilies =
    [
        "recsys_rank_requests", "recsys_rank_duration", "recsys_rank_fallbacks", "recsys_rank_caller_fallbacks", "recsys_scores", "recsys_shadow_scored", "recsys_shadow_dropped",
        "recsys_ingest_applied", "recsys_ingest_duplicates", "recsys_ingest_rejected", "recsys_ingest_freshness", "recsys_ingest_checkpoints",
        "recsys_ingest_rewinds", "recsys_ingest_commits_deferred", "recsys_ingest_offset_epochs", "recsys_ingest_consumer_lag", "recsys_rollout_changes", "recsys_rollout_auto_rollbacks", "recsys_model_sessions",
        "recsys_predictions_logged", "recsys_drift_psi", "recsys_data_quality_values", "recsys_data_quality_rows", "recsys_data_quality_schema_changes",
        // The retraining pipeline's families.
        "recsys_retraining_runs", "recsys_retraining_step", "recsys_retraining_last_success_timestamp", "recsys_retraining_active",
    ];
}
