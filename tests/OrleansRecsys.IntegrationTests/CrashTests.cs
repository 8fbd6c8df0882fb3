using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using Npgsql;
using OrleansRecsys.Kafka;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Three silo processes on PostgreSQL membership and storage: a kill -9 mid-ingestion loses and double-counts nothing.</summary>
public sealed class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_a_silo_mid_ingestion_loses_nothing_and_counts_nothing_twice()
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory("recsys-crash-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var env = SiloProcess.ClusterEnvironment(db, kafka, store, "crash-" + Guid.NewGuid().ToString("N")[..6], TestInfra.SigningKey);
            silos.Add(SiloProcess.Start(env));
            await TestInfra.RegisterFirstRankerAsync(silos[0].Url);
            await SiloProcesses.WaitReadyAsync(silos[0]);
            silos.Add(SiloProcess.Start(env));
            silos.Add(SiloProcess.Start(env));
            await SiloProcesses.WaitReadyAsync(silos[1]);
            await SiloProcesses.WaitReadyAsync(silos[2]);

            var events = UserReference.Generate("crash-u", 2000, 60_000, seed: 8);
            var reference = UserReference.From(events);
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = 5 }).Build();
            // The last quarter waits for the kill, so the kill always lands mid-stream however fast this machine produces.
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var produce = Task.Run(async () =>
            {
                for (var i = 0; i < events.Count; i++)
                {
                    if (i == events.Count * 3 / 4)
                    {
                        await killed.Task;
                    }

                    producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = events[i].User, Value = UserReference.Json($"crash-{i}", events[i]) });
                    if (i % 500 == 499)
                    {
                        await Task.Delay(50); // about 6,000 events/s: production lasts ~10 s, so the kill lands mid-stream
                    }
                }

                producer.Flush(TimeSpan.FromSeconds(30));
            });

            // Rank against a surviving silo throughout: every answer is a 200 (model or fallback), never a 5xx.
            using var http = new HttpClient { BaseAddress = new Uri(silos[1].Url) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestInfra.Token(Roles.Score));
            var statuses = new List<HttpStatusCode>();
            var fallbacksAt = new List<DateTime>();
            using var stopRanking = new CancellationTokenSource();
            var ranking = Task.Run(async () =>
            {
                while (!stopRanking.IsCancellationRequested)
                {
                    var r = await http.PostAsJsonAsync("/v1/rank", new { userId = "crash-u" + Random.Shared.Next(2000), candidates = new[] { "it1", "it2", "it3" } });
                    var fallback = r.IsSuccessStatusCode && (await r.Json()).GetProperty("fallback").GetBoolean();
                    lock (statuses)
                    {
                        statuses.Add(r.StatusCode);
                        if (fallback)
                        {
                            fallbacksAt.Add(DateTime.UtcNow);
                        }
                    }

                    await Task.Delay(20);
                }
            });

            // Kill -9 the first silo mid-stream: it started first, so it hosts most user and item grains (placement favours
            // the calling silo) with state not yet flushed, and it owns partitions the others must re-consume.
            using (var metrics = new HttpClient { BaseAddress = new Uri(silos[0].Url) })
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (waited.Elapsed < TimeSpan.FromSeconds(5) &&
                       !(await metrics.GetStringAsync("/metrics")).Split('\n').Any(l => l.StartsWith("recsys_ingest_consumer_lag{", StringComparison.Ordinal)
                           && l.Contains("topic=\"recsys.interactions\"", StringComparison.Ordinal)))
                {
                    await Task.Delay(100);
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var killedAt = DateTime.UtcNow;
            silos[0].Kill();
            killed.SetResult();
            await produce;

            // After the kill, the first 2,000 events are sent again at new offsets with their event ids: the survivors
            // read the remembered ids from PostgreSQL (or replay them from Kafka) and count nothing twice.
            for (var i = 0; i < 2000; i++)
            {
                producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = events[i].User, Value = UserReference.Json($"crash-{i}", events[i]) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));

            var items = UserReference.Items(events);
            await TestInfra.WaitUntil(async () => await SiloProcesses.MatchReferenceAsync(db, env["RECSYS__HOST__CLUSTERID"], reference, items), TimeSpan.FromSeconds(120),
                () => "every user and item to equal the reference after the crash; survivors' warnings:\n" + Warnings(silos[1]) + "\n---\n" + Warnings(silos[2]));
            stopRanking.Cancel();
            await ranking;
            Assert.NotEmpty(statuses);
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            var lastFallback = fallbacksAt.Where(t => t >= killedAt).DefaultIfEmpty(killedAt).Max();
            output.WriteLine($"failover: {statuses.Count} ranks, all 200; {fallbacksAt.Count(t => t >= killedAt)} fell back after the kill; " +
                $"the last fallback came {(lastFallback - killedAt).TotalSeconds:F1} s after the kill (model answers again after it)");

            await using var conn = new NpgsqlConnection(db);
            await conn.OpenAsync();
            await using var dead = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE status = 6", conn);
            Assert.True((long)(await dead.ExecuteScalarAsync())! >= 1, "the killed silo is declared dead in the membership table");
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

    private static string Warnings(SiloProcess silo) =>
        string.Join("\n", silo.Log.Split('\n').Where(l => l.Contains("warn", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)).TakeLast(30));
}
