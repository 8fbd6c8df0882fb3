using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>overload</c>: after <c>--warmup</c> seconds of discarded load, measures what one silo serves over HTTP (the most
/// scored answers per second over a <c>--ladder</c> of open-loop rates), then offers 1×, 2× and 3× that rate open-loop and reports, per multiple, the goodput (admitted answers per second), p50/p99 of admitted
/// requests, the shed share (503 from admission control), the fallback share and the process's memory.
/// </summary>
public static class OverloadBench
{
    private sealed record Row(string Load, double Offered, double Goodput, double P50, double P99, double ShedShare, double FallbackShare, double ErrorShare,
        double ClientFullShare, StepProbe.StepFigures Process, double LiveHeapMb);

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Admission:MaxConcurrentRequests"] = o.Get("max-concurrent", "64"),
            ["Recsys:Admission:QueueLimit"] = o.Get("queue", "64"),
            ["Recsys:Admission:QueueTimeoutMs"] = o.Get("queue-timeout-ms", "20"),
            ["Recsys:Admission:StandingQueueTimeoutMs"] = o.Get("standing-queue-timeout-ms", "5"),
            ["Recsys:RateLimits:RankPerSecond"] = "10000000",
            ["Recsys:Auth:RateLimitPerSecond"] = "1000000",
        };
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 10_000), (int)o.Num("candidates", 100), settings);
        await using var grid = setup.Grid;
        using var http = Client(grid, (int)o.Num("connections", 256));
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 10));
        var ladder = o.Get("ladder", "1000,2000,3000,4000,5000,6000,8000,10000").Split(',').Select(double.Parse).ToArray();
        await GoodputAsync(setup, http, ladder[0], Commands.Warmup(o)); // JIT, caches and GC budgets settle; discarded
        var capacity = o.Num("capacity", 0) is > 0 and var given ? given : await MeasureCapacityAsync(setup, http, ladder, TimeSpan.FromSeconds(o.Num("rung-seconds", 4)));
        Console.Error.WriteLine($"[overload] capacity {capacity:F0} requests/s");
        var rows = new List<Row>();
        foreach (var multiple in o.Get("multiples", "1,2,3").Split(',').Select(double.Parse))
        {
            rows.Add(await RunStepAsync(setup, http, capacity, multiple, seconds));
            Console.Error.WriteLine($"[overload] {rows[^1]}");
            await Task.Delay(2000); // let queues drain before the next step
        }

        Print(capacity, rows);
        return 0;
    }

    /// <summary>The tool's HTTP client: <paramref name="connections"/> at most, as a pool of callers behind a proxy would hold;
    /// a request finding them all busy waits for one, and that wait is part of its latency.</summary>
    private static HttpClient Client(GridUnderTest grid, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var http = new HttpClient(handler) { BaseAddress = new Uri(grid.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", grid.Token);
        return http;
    }

    /// <summary>One rank over HTTP: its outcome as <see cref="OutcomeRecorder"/> counts it.</summary>
    internal static async Task<string> RankAsync(RankLoad.Setup s, HttpClient http, long i, string model = "ranker")
    {
        using var response = await http.PostAsJsonAsync("/v1/rank", new { userId = "u" + (i * 7919 % s.Users), candidates = s.CandidateSets[i % 64], k = 10, model });
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
        {
            return OutcomeRecorder.Shed;
        }

        if (!response.IsSuccessStatusCode)
        {
            return OutcomeRecorder.Error;
        }

        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return doc.RootElement.GetProperty("fallback").GetBoolean() ? doc.RootElement.GetProperty("fallbackReason").GetString()! : OutcomeRecorder.Ok;
    }

    /// <summary>
    /// The silo's capacity: the most answers scored by the model per second over a ladder of open-loop rates. A closed loop
    /// of a few callers measures their round trips instead (32 of them reached 40 % of this on the same machine, so "3×" was
    /// barely overload), and one rate far past capacity measures the collapse the load tool itself causes: it shares the
    /// process and its cores with the silo, and sending, shedding and reading 20,000 requests a second leaves the silo little.
    /// </summary>
    private static async Task<double> MeasureCapacityAsync(RankLoad.Setup s, HttpClient http, double[] ladder, TimeSpan rung)
    {
        var best = 0.0;
        foreach (var rate in ladder)
        {
            var goodput = await GoodputAsync(s, http, rate, rung);
            Console.Error.WriteLine($"[overload] offered {rate:F0}/s: {goodput:F0} scored answers/s");
            best = Math.Max(best, goodput); // every rung runs: the first seconds at a new rate pay for new connections and threads
        }

        return best;
    }

    private static async Task<double> GoodputAsync(RankLoad.Setup s, HttpClient http, double rate, TimeSpan duration)
    {
        var samples = await new OutcomeRecorder(rate, duration, i => RankAsync(s, http, i)).RunAsync();
        var served = 0;
        foreach (var sample in samples)
        {
            served += sample.Outcome == OutcomeRecorder.Ok ? 1 : 0;
        }

        return served / duration.TotalSeconds;
    }

    /// <summary>One multiple of capacity, open loop; the live heap is read after the step's samples are summarized and dropped,
    /// so it is the grid's (and the connections') memory, not the tool's record of the step.</summary>
    private static async Task<Row> RunStepAsync(RankLoad.Setup setup, HttpClient http, double capacity, double multiple, TimeSpan seconds)
    {
        var row = await OfferAsync(setup, http, capacity * multiple, seconds, $"{multiple:0.#}x");
        return row with { LiveHeapMb = GC.GetTotalMemory(forceFullCollection: true) / 1e6 };
    }

    private static async Task<Row> OfferAsync(RankLoad.Setup setup, HttpClient http, double rate, TimeSpan seconds, string load)
    {
        using var probe = new StepProbe();
        var samples = await new OutcomeRecorder(rate, seconds, i => RankAsync(setup, http, i)).RunAsync();
        return Summarize(load, rate, seconds, samples, probe.Finish());
    }

    private static Row Summarize(string load, double offered, TimeSpan duration, IReadOnlyList<OutcomeRecorder.Sample> samples, StepProbe.StepFigures process)
    {
        var admitted = samples.Where(x => x.Outcome is not (OutcomeRecorder.Shed or OutcomeRecorder.Error or OutcomeRecorder.ClientFull)).ToArray();
        double Share(Func<OutcomeRecorder.Sample, bool> which) => samples.Count == 0 ? 0 : (double)samples.Count(which) / samples.Count;
        return new Row(load, offered, admitted.Count(x => x.Outcome == OutcomeRecorder.Ok) / duration.TotalSeconds,
            OutcomeRecorder.Quantile(admitted.Select(x => x.LatencyMs), 0.5), OutcomeRecorder.Quantile(admitted.Select(x => x.LatencyMs), 0.99),
            Share(x => x.Outcome == OutcomeRecorder.Shed), Share(x => x.Outcome is not (OutcomeRecorder.Ok or OutcomeRecorder.Shed or OutcomeRecorder.Error or OutcomeRecorder.ClientFull)),
            Share(x => x.Outcome is OutcomeRecorder.Error), Share(x => x.Outcome is OutcomeRecorder.ClientFull), process, 0);
    }

    private static void Print(double capacity, List<Row> rows)
    {
        Console.WriteLine($"measured capacity: {capacity:F0} rank requests/s (HTTP, 100 candidates)");
        Console.WriteLine($"{"load",-5} {"offered/s",9} {"goodput/s",9} {"%cap",5} {"p50 ms",7} {"p99 ms",7} {"shed %",6} {"fallback %",10} {"errors %",8} {"live MB",7}");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Load,-5} {r.Offered,9:F0} {r.Goodput,9:F0} {100 * r.Goodput / capacity,5:F0} {r.P50,7:F2} {r.P99,7:F2} {100 * r.ShedShare,6:F1} {100 * r.FallbackShare,10:F1} {100 * (r.ErrorShare + r.ClientFullShare),8:F1} {r.LiveHeapMb,7:F0}");
        }

        Console.WriteLine();
        Console.WriteLine("where the time and memory went (server: the silo's own duration of its successful ranks; tool-full: requests the tool did not send, its in-flight cap full):");
        Console.WriteLine($"{"load",-5} {"server p50",10} {"server p99",10} {"pool queue",10} {"threads",7} {"connections",11} {"gc pause ms",11} {"full GCs",8} {"log behind",10} {"tool-full %",11}");
        foreach (var r in rows)
        {
            var p = r.Process;
            Console.WriteLine($"{r.Load,-5} {p.ServerP50Ms,10:F2} {p.ServerP99Ms,10:F2} {p.PeakThreadPoolQueue,10} {p.PeakThreads,7} {p.PeakConnections,11} {p.GcPauseMs,11:F0} {p.FullGcs,8} {p.PredictionLogBehind,10} {100 * r.ClientFullShare,11:F1}");
        }
    }
}
