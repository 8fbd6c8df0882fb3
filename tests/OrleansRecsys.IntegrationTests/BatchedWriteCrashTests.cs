using Confluent.Kafka;
using Npgsql;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Kafka;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A silo process killed (SIGKILL) while its checkpoint's batched write waits inside PostgreSQL: the statement still
/// commits after the silo is gone (its state is durable, its offsets never committed), and the next owner of the
/// partitions replays from the last commit. Nothing is lost and nothing is counted twice.
/// </summary>
public sealed class BatchedWriteCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string WaitingBatchedWrite = """
        SELECT count(*) FROM pg_stat_activity
         WHERE application_name = 'recsys-grain-storage' AND wait_event_type = 'Lock'
           AND query LIKE '%unnest%' AND query LIKE '%UPDATE orleans_grain_state%'
        """;

    [Fact]
    public async Task Killing_a_silo_while_its_batched_write_is_in_flight_loses_nothing_and_counts_nothing_twice()
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory("recsys-midwrite-").FullName;
        SiloProcess? silo = null;
        try
        {
            var db = await TestInfra.CreateDatabaseAsync();
            var env = SiloProcess.ClusterEnvironment(db, kafka, store, "midwrite-" + Guid.NewGuid().ToString("N")[..6], TestInfra.SigningKey);
            silo = SiloProcess.Start(env);
            await TestInfra.RegisterFirstRankerAsync(silo.Url);
            await SiloProcesses.WaitReadyAsync(silo);

            var events = UserReference.Generate("mw-u", 500, 8000, seed: 12);
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = 5 }).Build();
            Produce(producer, events, 0, 4000);
            // Polls on a connection of their own: inside the blocking transaction, pg_stat_activity would stay a snapshot.
            await using var watch = new NpgsqlConnection(db);
            await watch.OpenAsync();
            await using var sql = new NpgsqlConnection(db);
            await sql.OpenAsync();
            await TestInfra.WaitUntil(async () => await ScalarAsync(watch, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'user'") > 0,
                TimeSpan.FromSeconds(60), "the first checkpoint to write user state");

            // Writers wait behind this lock (readers do not): the next checkpoint's batched update stalls inside PostgreSQL.
            await using (var blocker = await sql.BeginTransactionAsync())
            {
                await using (var lockTable = new NpgsqlCommand("LOCK TABLE orleans_grain_state IN EXCLUSIVE MODE", sql, blocker))
                {
                    await lockTable.ExecuteNonQueryAsync();
                }

                Produce(producer, events, 4000, 8000);
                await TestInfra.WaitUntil(async () => await ScalarAsync(watch, WaitingBatchedWrite) > 0, TimeSpan.FromSeconds(60),
                    "a batched write of the silo to wait on the lock");
                silo.Kill();
                Assert.True(silo.WaitForExit(TimeSpan.FromSeconds(10)), "the silo process exits on SIGKILL");
                await blocker.CommitAsync();
            }

            await TestInfra.WaitUntil(async () => await ScalarAsync(watch, WaitingBatchedWrite.Replace("wait_event_type = 'Lock'", "state = 'active'")) == 0,
                TimeSpan.FromSeconds(30), "the dead silo's statement to finish");
            output.WriteLine($"grain-state rows after the killed silo's last statement: {await ScalarAsync(watch, "SELECT count(*) FROM orleans_grain_state")}");

            // The next owner: same database, same consumer group, so it resumes from the offsets the dead silo committed.
            await using var next = await GridHost.StartAsync(kafka, db, "recsys-ingestion", store, train: false, extra: SiloProcessStateKey());
            var reference = UserReference.From(events);
            var items = UserReference.Items(events);
            await TestInfra.WaitUntil(() => MatchesAsync(next, reference, items), TimeSpan.FromSeconds(120),
                "every user and item to equal the reference after the kill mid-write");
        }
        finally
        {
            silo?.Dispose();
            holder.Dispose();
            Directory.Delete(store, true);
        }
    }

    private static void Produce(IProducer<string, byte[]> producer, List<(string User, string Type, long Ts, double Value)> events, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = events[i].User, Value = UserReference.Json($"mw-{i}", events[i]) });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>The next owner reads what the killed silo sealed, so it holds the silo processes' state key.</summary>
    private static Dictionary<string, string?> SiloProcessStateKey() => new()
    {
        ["Recsys:Encryption:Keys:0:Id"] = "test-1",
        ["Recsys:Encryption:Keys:0:Key"] = SiloProcess.StateKey,
    };

    private static async Task<bool> MatchesAsync(GridHost host, Dictionary<string, UserReference> reference, Dictionary<string, (long Views, long Clicks, long Purchases)> items)
    {
        if (!await UserReference.AllMatchAsync(host.Grains, reference))
        {
            return false;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (item, r) in items)
        {
            if (!UserReference.ItemMatches(await host.Grains.GetGrain<IItemFeatureGrain>(item).GetFeaturesAsync(now), r))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection sql, string query)
    {
        await using var command = new NpgsqlCommand(query, sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
