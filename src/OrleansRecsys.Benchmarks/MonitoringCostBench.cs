namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>monitoring-cost</c>: what each monitoring side path costs an HTTP rank, one switch at a time. Each variant is a fresh
/// silo (seeded alike) under the same closed loop as <c>side-by-side --http-only</c>'s grid rows; besides throughput and
/// latency it prints the CPU each request took, split by thread group (thread pool, GC, librdkafka's client threads, its
/// mock broker), so a cost shows where it is paid. The variant <c>broker-out</c> runs the defaults against a mock broker
/// in a child process, whose CPU is then counted apart: in production the broker runs on other machines.
/// </summary>
public static class MonitoringCostBench
{
    private const string DefaultVariants = "off,defaults,log,log-no-vectors,drift,broker-out";

    private sealed record Variant(string Name, string What, Dictionary<string, string?> Settings, bool BrokerOutOfProcess = false);

    private sealed record Row(Variant Variant, LoadResult Load, double CpuUsPerRequest, Dictionary<string, double> GroupUsPerRequest, double BrokerUsPerRequest);

    private static Dictionary<string, string?> Rates(double predictions, double drift, double vectors = 0.1) => new()
    {
        ["Recsys:Grid:PredictionSampleRate"] = predictions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Recsys:Grid:DriftSampleRate"] = drift.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Recsys:Grid:PredictionVectorSampleRate"] = vectors.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static readonly Variant[] All =
    [
        new("off", "prediction log and drift sampling off", Rates(0, 0)),
        new("defaults", "defaults: prediction log 100 % (vectors on 10 %), drift sampling 20 %", []),
        new("log", "prediction log alone (vectors on 10 %)", Rates(1, 0)),
        new("log-no-vectors", "prediction log alone, no vectors", Rates(1, 0, vectors: 0)),
        new("log-all-vectors", "prediction log alone, vectors on every record", Rates(1, 0, vectors: 1)),
        new("drift", "drift sampling alone (20 %)", Rates(0, 0.2)),
        new("broker-out", "defaults, mock broker in a child process", [], BrokerOutOfProcess: true),
    ];

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var names = o.Get("variants", DefaultVariants).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var variants = names.Select(n => All.FirstOrDefault(v => v.Name == n) ?? throw new ArgumentException($"unknown variant '{n}'; known: {string.Join(", ", All.Select(v => v.Name))}")).ToArray();
        var users = (int)o.Num("users", 10_000);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 10));
        var rows = new List<Row>();
        for (var round = 0; round < (int)o.Num("rounds", 1); round++)
        {
            foreach (var variant in variants)
            {
                rows.Add(await MeasureAsync(variant, users, (int)o.Num("connections", 4), seconds, Commands.Warmup(o)));
                Console.Error.WriteLine($"[monitoring-cost] {variant.Name}: {rows[^1].Load}");
            }
        }

        Print(rows);
        return 0;
    }

    private static async Task<Row> MeasureAsync(Variant variant, int users, int connections, TimeSpan seconds, TimeSpan warmup)
    {
        using var broker = variant.BrokerOutOfProcess ? await ChildBroker.StartAsync() : null;
        var settings = new Dictionary<string, string?>(variant.Settings);
        if (broker is not null)
        {
            settings["Recsys:Kafka:BootstrapServers"] = broker.Servers;
        }

        var setup = await RankLoad.PrepareAsync(users, 100, settings);
        await using (setup.Grid)
        {
            // Warmed up first (until the JIT is quiet), apart, so that the CPU read below is the measured run's alone.
            await HttpSideBySide.RunGridRankAsync(variant.Name, connections, TimeSpan.Zero, warmup, setup);
            var cpuBefore = ThreadCpu.Snapshot();
            var brokerBefore = broker?.CpuSeconds() ?? 0;
            var load = await HttpSideBySide.RunGridRankAsync(variant.Name, connections, seconds, TimeSpan.Zero, setup);
            var requests = (double)load.Completed;
            var groups = ThreadCpu.Since(cpuBefore);
            var perRequest = groups.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value * 1e6 / requests);
            return new Row(variant, load, perRequest.Values.Sum(), perRequest, broker is null ? 0 : (broker.CpuSeconds() - brokerBefore) * 1e6 / requests);
        }
    }

    private static void Print(List<Row> rows)
    {
        var off = rows.Where(r => r.Variant.Name == "off").Select(r => r.Load.AchievedRate).DefaultIfEmpty(double.NaN).Average();
        var offCpu = rows.Where(r => r.Variant.Name == "off").Select(r => r.CpuUsPerRequest).DefaultIfEmpty(double.NaN).Average();
        Console.WriteLine($"{"variant",-16} {"req/s",7} {"p50 ms",7} {"p99 ms",7} {"cost",6} {"CPU us/req",10} {"vs off",7} {"broker us/req",13}  what");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Variant.Name,-16} {r.Load.AchievedRate,7:F0} {r.Load.P50Ms,7:F3} {r.Load.P99Ms,7:F3} {1 - (r.Load.AchievedRate / off),6:P0} "
                + $"{r.CpuUsPerRequest,10:F0} {r.CpuUsPerRequest - offCpu,7:+0;-0} {r.BrokerUsPerRequest,13:F0}  {r.Variant.What}");
        }

        Console.WriteLine();
        Console.WriteLine("CPU us per request by thread group (this process; the child broker's is in the table above)");
        var groups = rows.SelectMany(r => r.GroupUsPerRequest).GroupBy(kv => kv.Key).Select(g => (Group: g.Key, Max: g.Max(kv => kv.Value)))
            .Where(g => g.Max >= 2).OrderByDescending(g => g.Max).Select(g => g.Group).ToArray();
        Console.WriteLine($"{"group",-18} " + string.Join(" ", rows.Select(r => $"{r.Variant.Name,15}")));
        foreach (var group in groups)
        {
            Console.WriteLine($"{group,-18} " + string.Join(" ", rows.Select(r => $"{r.GroupUsPerRequest.GetValueOrDefault(group),15:F0}")));
        }
    }
}
