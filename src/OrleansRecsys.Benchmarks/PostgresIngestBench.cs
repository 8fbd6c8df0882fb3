using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansRecsys.Grains;
using OrleansRecsys.Silo;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Ingestion with grain state in PostgreSQL, per write path (batched statements, or the ADO.NET provider's one row per
/// statement): sustained applied rate, checkpoint and freshness p99 with many active users; backlog drain rate; state
/// writes per second (PostgreSQL's own row counters on the state table) and rows per statement; cold activations.
/// Each path gets a fresh database made from silo-config/sql on the server <c>--pg</c> (or RECSYS_TEST_PG) names.
/// </summary>
public static class PostgresIngestBench
{
    public sealed record Figures(string Path, double AppliedPerSecond, double CheckpointP99Ms, double FreshnessP99Ms, double DrainPerSecond,
        double StateWritesPerSecond, double RowsPerStatement, double ColdActivationsPerSecond)
    {
        public static string Header =>
            $"{"path",-8} {"applied/s",10} {"ckpt p99 ms",12} {"fresh p99 ms",13} {"drain/s",9} {"writes/s",9} {"rows/stmt",10} {"cold act/s",11}";

        public override string ToString() =>
            $"{Path,-8} {AppliedPerSecond,10:F0} {CheckpointP99Ms,12:F0} {FreshnessP99Ms,13:F0} {DrainPerSecond,9:F0} {StateWritesPerSecond,9:F0} {RowsPerStatement,10:F1} {ColdActivationsPerSecond,11:F0}";
    }

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var server = o.Get("pg", Environment.GetEnvironmentVariable("RECSYS_TEST_PG") ?? "");
        if (server.Length == 0)
        {
            Console.Error.WriteLine("pg-ingest needs a PostgreSQL server: --pg CONNECTION or RECSYS_TEST_PG (scripts/pg-ingest-bench.sh starts one)");
            return 2;
        }

        var figures = new List<Figures>();
        foreach (var path in o.Get("paths", "batched,one-row").Split(','))
        {
            figures.Add(await RunPathAsync(server, path, o));
            Console.Error.WriteLine(figures[^1]);
        }

        Console.WriteLine(Figures.Header);
        figures.ForEach(f => Console.WriteLine(f));
        return 0;
    }

    private static async Task<Figures> RunPathAsync(string server, string path, LoadOptions o)
    {
        var db = await CreateDatabaseAsync(server);
        // A broker outside the silo's host (here librdkafka's mock, owned by this process): durable state refuses the
        // silo's in-process mock, whose log would not outlive the silo.
        var (broker, kafka) = Kafka.MockKafkaCluster.Start();
        using var brokerOwner = broker;
        await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Recsys:Demo:TrainAtStart"] = "false",
            ["Recsys:Storage:Provider"] = StorageOptions.Postgres,
            ["Recsys:Storage:ConnectionString"] = db,
            ["Recsys:Storage:BatchWrites"] = (path == "batched").ToString(),
            ["Recsys:Kafka:BootstrapServers"] = kafka,
        });
        using var checkpoints = new InstrumentRecorder(RecsysMetrics.CheckpointDurationName);
        using var statements = new InstrumentRecorder(RecsysMetrics.StateWriteStatementRowsName);
        using var breakdown = new CheckpointBreakdown();
        var writesBefore = await StateRowChangesAsync(db);
        var clock = Stopwatch.StartNew();
        var sustained = await IngestLoad.RunAsync(grid, o.Num("rate", 20_000), (int)o.Num("users", 100_000),
            TimeSpan.FromSeconds(o.Num("seconds", 60)), TimeSpan.FromSeconds(o.Num("warmup", 10)));
        var writesPerSecond = (await StateRowChangesAsync(db) - writesBefore) / clock.Elapsed.TotalSeconds;
        var checkpointP99 = checkpoints.Quantile(0.99) * 1000;
        var rows = statements.Snapshot();
        Console.Error.WriteLine($"[{path}] {sustained}");
        Console.Error.WriteLine($"[{path}] {breakdown.Report(clock.Elapsed)}; mean payload {await MeanPayloadBytesAsync(db):F0} bytes");

        var drain = await IngestLoad.CatchUpAsync(grid, (int)o.Num("drain-users", 20_000), (long)o.Num("drain-events", 75_000), (int)o.Num("drain-rounds", 2));
        Console.Error.WriteLine($"[{path}] {drain}");
        var cold = await ColdActivationsPerSecondAsync(grid, (int)o.Num("cold", 10_000));
        return new Figures(path, sustained.AppliedPerSecond, checkpointP99, sustained.FreshnessP99Ms, drain.AppliedPerSecond, writesPerSecond,
            rows.Length == 0 ? 1 : rows.Average(), cold);
    }

    /// <summary>Deactivates every idle grain, then reads <paramref name="users"/> user grains at once (each activation
    /// reads its row): activations per second.</summary>
    private static async Task<double> ColdActivationsPerSecondAsync(GridUnderTest grid, int users)
    {
        await grid.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Task.Delay(5000); // deactivations write dirty state first
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(u => grid.Grains.GetGrain<IUserFeatureGrain>("u" + u).GetFeaturesAsync(now).AsTask()));
        var rate = users / clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"[cold] {users} user grains activated (each reading its state) in {clock.Elapsed.TotalMilliseconds:F0} ms");
        return rate;
    }

    /// <summary>Rows inserted or updated in the state table so far, by PostgreSQL's statistics (flushed about once a second).</summary>
    private static async Task<long> StateRowChangesAsync(string db)
    {
        await Task.Delay(1500);
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0)::bigint FROM pg_stat_user_tables WHERE relname = 'orleans_grain_state'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<double> MeanPayloadBytesAsync(string db)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT coalesce(avg(octet_length(payload)), 0)::float8 FROM orleans_grain_state", conn);
        return (double)(await cmd.ExecuteScalarAsync())!;
    }

    private static Task<string> CreateDatabaseAsync(string server) => BenchDatabases.CreateAsync(server, "recsys_bench");
}
