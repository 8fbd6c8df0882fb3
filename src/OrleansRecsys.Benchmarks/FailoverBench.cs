using System.Globalization;
using System.Net.Http.Headers;
using Confluent.Kafka;
using Npgsql;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Kafka;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>failover</c>: how long the partitions of a stopped silo go unconsumed. Starts N silo processes (cluster profile, a
/// fresh PostgreSQL database from <c>RECSYS_TEST_PG</c>, librdkafka's mock broker in this process), feeds one probe
/// user per partition every 50 ms, then per run stops one silo that owns partitions (kill -9 or SIGTERM), takes the
/// longest any probe event waited to be applied from then on (<see cref="FailoverProbe"/>), and starts a replacement. Prints each run, the median per mode, and whether the probe users ended exact.
/// </summary>
public static class FailoverBench
{
    private const string SigningKey = "failover-benchmark-signing-key-0123456789abcdef";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory("recsys-failover-").FullName;
        var env = SiloProcess.ProfileEnvironment(await CreateDatabaseAsync(), kafka, store, "fo-" + Guid.NewGuid().ToString("N")[..6], SigningKey);
        foreach (var setting in o.Get("set", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            env[setting[..setting.IndexOf('=', StringComparison.Ordinal)]] = setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = 1 }).Build();
        var cluster = new List<SiloProcess>();
        try
        {
            await using var probe = new FailoverProbe("fo-" + Guid.NewGuid().ToString("N")[..6], Partitions(producer),
                (p, key, value) => producer.Produce(new TopicPartition(Topics.Interactions, p), new Message<string, byte[]> { Key = key, Value = value }));
            for (var i = 0; i < (int)o.Num("silos", 3); i++)
            {
                cluster.Add(await StartSiloAsync(env, probe));
            }

            var results = new Dictionary<string, List<double>>();
            foreach (var mode in o.Get("mode", "kill,term").Split(','))
            {
                results[mode] = await RunModeAsync(mode, (int)o.Num("runs", 5), cluster, env, probe, o.Get("logs", ""));
            }

            await probe.StopProducingAsync();
            using var reader = Reader(cluster[0]);
            var exact = await probe.ExactnessAsync(reader, TimeSpan.FromSeconds(60));
            Print(results, exact);
            return exact.Length == 0 ? 0 : 1;
        }
        finally
        {
            cluster.ForEach(s => s.Dispose());
            holder.Dispose();
            Directory.Delete(store, true);
        }
    }

    /// <summary>Each run stops the oldest silo that owns interactions partitions, times the failover, and replaces it.
    /// With <paramref name="logs"/> set, every silo's output so far is written there after each run (to see where a slow
    /// run's time went).</summary>
    private static async Task<List<double>> RunModeAsync(string mode, int runs, List<SiloProcess> cluster, Dictionary<string, string> env, FailoverProbe probe,
        string logs)
    {
        var seconds = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var victim = await OwnerAsync(cluster);
            var survivor = cluster.First(s => s != victim);
            using var reader = Reader(survivor);
            var stoppedAt = DateTime.UtcNow;
            var times = await probe.MeasureAsync(() => Stop(victim, mode), reader, Watch, RunTimeout);
            var worst = times.Any(t => t is null) ? RunTimeout.TotalSeconds : times.Max(t => t!.Value.TotalSeconds);
            seconds.Add(worst);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[failover] {mode} run {run} (stopped at {stoppedAt:HH:mm:ss.fff} UTC): longest wait of an event {worst:F2} s (per partition: {string.Join(" ", times.Select(t => t?.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) ?? "-"))})"));
            victim.WaitForExit(TimeSpan.FromSeconds(60));
            WriteLogs(logs, $"{mode}-{run}", cluster, victim);
            victim.Dispose();
            cluster.Remove(victim);
            cluster.Add(await StartSiloAsync(env, probe));
        }

        return seconds;
    }

    private static void WriteLogs(string directory, string run, List<SiloProcess> cluster, SiloProcess victim)
    {
        if (directory.Length == 0)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        for (var i = 0; i < cluster.Count; i++)
        {
            var role = cluster[i] == victim ? "stopped" : "survivor";
            File.WriteAllText(Path.Combine(directory, $"{run}-silo{i}-{role}.log"), cluster[i].Log);
        }
    }

    private static void Stop(SiloProcess silo, string mode)
    {
        if (mode == "kill")
        {
            silo.Kill();
        }
        else if (mode == "term")
        {
            silo.Terminate();
        }
        else
        {
            throw new ArgumentException($"--mode takes kill and/or term (got '{mode}')");
        }
    }

    /// <summary>Starts a silo and returns once it is live, the group has settled with it and the probe is caught up.
    /// (A silo shows its partitions in /metrics only once it has consumed from them, so the probe runs from the start.)</summary>
    private static async Task<SiloProcess> StartSiloAsync(Dictionary<string, string> env, FailoverProbe probe)
    {
        var silo = SiloProcess.Start(env);
        probe.Start();
        using var reader = Reader(silo);
        try
        {
            await WaitAsync(async () => await silo.IsLiveAsync(), TimeSpan.FromSeconds(120), "the new silo to be live", silo);
            await WaitAsync(() => probe.CaughtUpAsync(reader), TimeSpan.FromSeconds(120), "the probe users to catch up", silo);
            await Task.Delay(Settle);
            await WaitAsync(() => probe.CaughtUpAsync(reader), TimeSpan.FromSeconds(120), "the probe users to catch up", silo);
            return silo;
        }
        catch
        {
            silo.Dispose(); // not in the caller's list yet: nothing else would stop it
            throw;
        }
    }


    /// <summary>The silo that consumes the most interactions partitions (the oldest of those on a tie).</summary>
    private static async Task<SiloProcess> OwnerAsync(List<SiloProcess> cluster)
    {
        var owned = await Task.WhenAll(cluster.Select(OwnedPartitionsAsync));
        var most = owned.Max();
        return most > 0 ? cluster[Array.IndexOf(owned, most)] : throw new InvalidOperationException("no silo owns a partition of " + Topics.Interactions);
    }

    private static async Task<int> OwnedPartitionsAsync(SiloProcess silo)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(silo.Url), Timeout = TimeSpan.FromSeconds(2) };
            var metrics = await http.GetStringAsync("/metrics");
            return metrics.Split('\n').Count(line => line.StartsWith("recsys_ingest_consumer_lag", StringComparison.Ordinal)
                && line.Contains($"topic=\"{Topics.Interactions}\"", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, SiloProcess silo)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || silo.Exited)
            {
                throw new TimeoutException($"gave up waiting for {what}; the silo's log:\n{silo.Log}");
            }

            await Task.Delay(200);
        }
    }

    private static HttpClient Reader(SiloProcess silo)
    {
        var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
        var token = TokenMinter.Mint(SigningKeys.Decode(SigningKey), "orleans-recsys", "recsys", "failover-bench", [Roles.Read], TimeSpan.FromHours(2));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static int Partitions(IProducer<string, byte[]> producer)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        return admin.GetMetadata(Topics.Interactions, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
    }

    internal static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("RECSYS_TEST_PG")
            ?? throw new InvalidOperationException("RECSYS_TEST_PG is not set: run scripts/failover-bench.sh, which starts PostgreSQL");
        return await BenchDatabases.CreateAsync(server, "recsys_failover");
    }

    private static void Print(Dictionary<string, List<double>> results, string exact)
    {
        Console.WriteLine("mode  runs  median_s  min_s  max_s  all_s");
        foreach (var (mode, s) in results)
        {
            var sorted = s.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode,-5} {s.Count,4}  {sorted[sorted.Count / 2],8:F2}  {sorted[0],5:F2}  {sorted[^1],5:F2}  {string.Join(" ", s.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}"));
        }

        Console.WriteLine(exact.Length == 0 ? "exact: every probe event applied once (0 lost, 0 double)" : "NOT EXACT: " + exact);
    }
}
