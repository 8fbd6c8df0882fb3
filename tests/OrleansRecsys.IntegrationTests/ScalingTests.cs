using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansRecsys.Client;
using OrleansRecsys.Ingestion;
using YamlDotNet.RepresentationModel;
using OrleansRecsys.Kafka;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Scaling silo processes in and out under load: SIGTERM drains and loses nothing; a new silo joins with no failed request.</summary>
public sealed class ScalingTests
{
    [Fact]
    public async Task Sigterm_drains_within_30s_and_a_silo_added_under_load_fails_no_request()
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory("recsys-scale-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var cluster = "scale-" + Guid.NewGuid().ToString("N")[..6];
            var env = SiloProcess.ClusterEnvironment(db, kafka, store, cluster, TestInfra.SigningKey);
            silos.Add(SiloProcess.Start(env));
            await TestInfra.RegisterFirstRankerAsync(silos[0].Url);
            await SiloProcesses.WaitReadyAsync(silos[0]);
            silos.Add(SiloProcess.Start(env));
            await SiloProcesses.WaitReadyAsync(silos[1]);

            var events = UserReference.Generate("scale-u", 1000, 30_000, seed: 9);
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = 5 }).Build();
            var produce = Task.Run(async () =>
            {
                for (var i = 0; i < events.Count; i++)
                {
                    producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = events[i].User, Value = UserReference.Json($"scale-{i}", events[i]) });
                    if (i % 500 == 499)
                    {
                        await Task.Delay(50);
                    }
                }

                producer.Flush(TimeSpan.FromSeconds(30));
            });

            using var http = new HttpClient { BaseAddress = new Uri(silos[0].Url) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestInfra.Token(Roles.Score));
            var statuses = new List<HttpStatusCode>();
            using var stop = new CancellationTokenSource();
            var ranking = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var r = await http.PostAsJsonAsync("/v1/rank", new { userId = "scale-u" + Random.Shared.Next(1000), candidates = new[] { "it1", "it2", "it3" } });
                    lock (statuses)
                    {
                        statuses.Add(r.StatusCode);
                    }

                    await Task.Delay(10);
                }
            });

            // Scale in: SIGTERM the second silo mid-stream; it checkpoints, hands its partitions over and exits.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var terminated = System.Diagnostics.Stopwatch.StartNew();
            silos[1].Terminate();
            Assert.True(silos[1].WaitForExit(TimeSpan.FromSeconds(30)), "SIGTERM must complete within 30 s");
            var shutdown = terminated.Elapsed;

            // Scale out under load: a third silo joins while ranking goes on.
            silos.Add(SiloProcess.Start(env));
            await SiloProcesses.WaitReadyAsync(silos[2]);
            await produce;

            var reference = UserReference.From(events);
            await TestInfra.WaitUntil(async () => await SiloProcesses.MatchReferenceAsync(db, cluster, reference, UserReference.Items(events)), TimeSpan.FromSeconds(90),
                "every user and item to equal the reference after scaling in and out");
            stop.Cancel();
            await ranking;
            Assert.True(statuses.Count > 50, $"only {statuses.Count} rank requests were made");
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.True(shutdown < TimeSpan.FromSeconds(30), $"shutdown took {shutdown.TotalSeconds:F1} s");

            await using var conn = new NpgsqlConnection(db);
            await conn.OpenAsync();
            await using var active = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 3", conn);
            Assert.Equal(2L, (long)(await active.ExecuteScalarAsync())!);
        }
        finally
        {
            foreach (var s in silos)
            {
                s.Dispose();
            }

            holder.Dispose();
            Directory.Delete(store, true);
        }
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
        "recsys_predictions_logged", "recsys_drift_psi",
    ];
}
