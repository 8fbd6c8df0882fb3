using System.Diagnostics;
using Confluent.Kafka;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// PostgreSQL going away under a running silo, on a server of the test's own (stopping it touches no other test):
/// ingestion holds while writes fail, then loses and doubles nothing across the outage; and a silo process sent
/// SIGTERM while it is down exits within its stop budget.
/// </summary>
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Postgres_stopped_for_10_s_mid_ingest_leaves_every_user_and_item_count_exact()
    {
        await using var pg = await PrivatePostgres.StartAsync();
        await TestInfra.WithOwnKafkaAsync("pg-chaos", async (kafka, store) =>
        {
            var db = await pg.CreateDatabaseAsync();
            var events = UserReference.Generate("chaos-u", 300, 20_000, seed: 31);
            var users = UserReference.From(events);
            var items = UserReference.Items(events);
            using var counters = new IngestCounters();
            await using (var host = await GridHost.StartAsync(kafka, db, "pg-chaos", store, train: false))
            {
                // 1,000 events/s for 20 s; PostgreSQL is down from the 5th to the 15th second.
                var producing = Task.Run(() => ProduceSteadilyAsync(kafka, events, perSecond: 1000));
                await Task.Delay(TimeSpan.FromSeconds(5));
                await pg.StopAsync();
                var appliedWhenStopped = counters.AppliedBy(host);
                await Task.Delay(TimeSpan.FromSeconds(9));
                var appliedDuringOutage = counters.AppliedBy(host) - appliedWhenStopped;
                await Task.Delay(TimeSpan.FromSeconds(1));
                await pg.StartAgainAsync();
                await producing;
                output.WriteLine($"applied {appliedWhenStopped} events before the stop, {appliedDuringOutage} in its first 9 s");

                // Backpressure: once a flush fails the consumer holds (about 9,000 events arrive meanwhile), so what it
                // keeps uncommitted in memory does not grow with the length of the outage.
                Assert.True(appliedDuringOutage < 3_000, $"{appliedDuringOutage} events applied while PostgreSQL was down");
                await TestInfra.WaitUntil(() => MatchAsync(host.Grains, users, items), TimeSpan.FromSeconds(120),
                    "every user and item to equal the reference after the outage");
            }

            // What PostgreSQL holds is exact too: a new silo in the same group reads the state back and resumes from the commit.
            // A new silo is a new process with an empty connection pool; in this one the pool may still hold connections
            // opened before the restart, which the first command on each would find broken.
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var again = await GridHost.StartAsync(kafka, db, "pg-chaos", store, train: false);
            await TestInfra.WaitUntil(() => MatchAsync(again.Grains, users, items), TimeSpan.FromSeconds(60),
                "every user and item read back from PostgreSQL to equal the reference");
        });
    }

    [Fact]
    public async Task A_silo_process_sent_SIGTERM_while_postgres_is_down_exits_within_its_stop_budget()
    {
        await using var pg = await PrivatePostgres.StartAsync();
        await TestInfra.WithOwnKafkaAsync("pg-stop", async (kafka, store) =>
        {
            var db = await pg.CreateDatabaseAsync();
            var env = SiloProcess.ClusterEnvironment(db, kafka, store, "stop-" + Guid.NewGuid().ToString("N")[..8], TestInfra.SigningKey);
            env["RECSYS__KAFKA__CHECKPOINTINTERVALMS"] = "60000"; // the applied events stay unwritten until the stop
            using var silo = SiloProcess.Start(env);
            await TestInfra.RegisterFirstRankerAsync(silo.Url);
            await SiloProcesses.WaitReadyAsync(silo);

            // Active in the PostgreSQL membership table, with grains holding changes not yet written and offsets not yet
            // committed: the stop has membership writes, grain writes and a checkpoint to attempt against a dead server.
            var events = UserReference.Generate("stop-u", 200, 2000, seed: 41);
            await ProduceSteadilyAsync(kafka, events, perSecond: 20_000);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await pg.StopAsync();

            var stopping = Stopwatch.StartNew();
            silo.Terminate();
            var exited = silo.WaitForExit(TimeSpan.FromSeconds(20));
            output.WriteLine($"exited: {exited} after {stopping.Elapsed.TotalSeconds:F1} s" + (exited ? $", code {silo.ExitCode}" : ""));
            Assert.True(exited, "the silo did not exit within 20 s of SIGTERM with PostgreSQL down; its last lines:\n" +
                string.Join('\n', silo.Log.Split('\n').TakeLast(20)));
            Assert.Contains(silo.ExitCode, new[] { 0, StopBudget.ExitCode });
        });
    }

    private static async Task ProduceSteadilyAsync(string kafka, List<(string User, string Type, long Ts, double Value)> events, int perSecond)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = 5 }).Build();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < events.Count; i++)
        {
            producer.ProduceInteraction($"pgo-{i}", events[i]);
            var due = TimeSpan.FromSeconds((double)(i + 1) / perSecond);
            if (due > clock.Elapsed + TimeSpan.FromMilliseconds(20))
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Every user and item equals its reference; false while a grain cannot be read (PostgreSQL coming back).</summary>
    private static async Task<bool> MatchAsync(IGrainFactory grains, Dictionary<string, UserReference> users,
        Dictionary<string, (long Views, long Clicks, long Purchases)> items)
    {
        try
        {
            if (!await UserReference.AllMatchAsync(grains, users))
            {
                return false;
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var (item, r) in items)
            {
                if (!UserReference.ItemMatches(await grains.GetGrain<IItemFeatureGrain>(item).GetFeaturesAsync(now), r))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is StorageFailureException or OrleansException or TimeoutException)
        {
            return false;
        }
    }
}
