using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>overload</c>: after <c>--warmup</c> seconds of discarded load, measures what one silo serves over HTTP (closed loop,
/// <c>--workers</c> callers), then offers 1×, 2× and
/// 3× that rate open-loop and reports, per multiple, the goodput (admitted answers per second), p50/p99 of admitted
/// requests, the shed share (503 from admission control), the fallback share and the process's memory.
/// </summary>
public static class OverloadBench
{
    private sealed record Row(string Load, double Offered, double Goodput, double P50, double P99, double ShedShare, double FallbackShare, double ErrorShare, double HeapMb);

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:Admission:MaxConcurrentRequests"] = o.Get("max-concurrent", "64"),
            ["Recsys:Admission:QueueLimit"] = o.Get("queue", "64"),
            ["Recsys:RateLimits:RankPerSecond"] = "10000000",
            ["Recsys:Auth:RateLimitPerSecond"] = "1000000",
        };
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 10_000), (int)o.Num("candidates", 100), settings);
        await using var grid = setup.Grid;
        using var http = Client(grid);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 10));
        var workers = (int)o.Num("workers", 32);
        await MeasureCapacityAsync(setup, http, workers, Commands.Warmup(o)); // JIT, caches and GC budgets settle; discarded
        var capacity = o.Num("capacity", 0) is > 0 and var given ? given : await MeasureCapacityAsync(setup, http, workers, seconds);
        Console.Error.WriteLine($"[overload] capacity {capacity:F0} requests/s");
        var rows = new List<Row>();
        foreach (var multiple in o.Get("multiples", "1,2,3").Split(',').Select(double.Parse))
        {
            var samples = await new OutcomeRecorder(capacity * multiple, seconds, i => RankAsync(setup, http, i)).RunAsync();
            rows.Add(Summarize($"{multiple:0.#}x", capacity * multiple, seconds, samples));
            Console.Error.WriteLine($"[overload] {rows[^1]}");
            await Task.Delay(2000); // let queues drain before the next step
        }

        Print(capacity, rows);
        return 0;
    }

    private static HttpClient Client(GridUnderTest grid)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
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

    /// <summary>Closed loop: <paramref name="workers"/> callers, each sending its next request when the last answered.</summary>
    private static async Task<double> MeasureCapacityAsync(RankLoad.Setup s, HttpClient http, int workers, TimeSpan duration)
    {
        long served = 0, next = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                if (await RankAsync(s, http, Interlocked.Increment(ref next)) is OutcomeRecorder.Ok)
                {
                    Interlocked.Increment(ref served);
                }
            }
        }));
        return served / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static Row Summarize(string load, double offered, TimeSpan duration, IReadOnlyList<OutcomeRecorder.Sample> samples)
    {
        var admitted = samples.Where(x => x.Outcome is not (OutcomeRecorder.Shed or OutcomeRecorder.Error or OutcomeRecorder.ClientFull)).ToArray();
        double Share(Func<OutcomeRecorder.Sample, bool> which) => samples.Count == 0 ? 0 : (double)samples.Count(which) / samples.Count;
        return new Row(load, offered, admitted.Count(x => x.Outcome == OutcomeRecorder.Ok) / duration.TotalSeconds,
            OutcomeRecorder.Quantile(admitted.Select(x => x.LatencyMs), 0.5), OutcomeRecorder.Quantile(admitted.Select(x => x.LatencyMs), 0.99),
            Share(x => x.Outcome == OutcomeRecorder.Shed), Share(x => x.Outcome is not (OutcomeRecorder.Ok or OutcomeRecorder.Shed or OutcomeRecorder.Error or OutcomeRecorder.ClientFull)),
            Share(x => x.Outcome is OutcomeRecorder.Error or OutcomeRecorder.ClientFull), GC.GetTotalMemory(false) / 1e6);
    }

    private static void Print(double capacity, List<Row> rows)
    {
        Console.WriteLine($"measured capacity: {capacity:F0} rank requests/s (HTTP, 100 candidates)");
        Console.WriteLine($"{"load",-6} {"offered/s",10} {"goodput/s",10} {"goodput %cap",12} {"p50 ms",8} {"p99 ms",8} {"shed %",7} {"fallback %",10} {"errors %",8} {"heap MB",8}");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Load,-6} {r.Offered,10:F0} {r.Goodput,10:F0} {100 * r.Goodput / capacity,12:F0} {r.P50,8:F2} {r.P99,8:F2} {100 * r.ShedShare,7:F1} {100 * r.FallbackShare,10:F1} {100 * r.ErrorShare,8:F1} {r.HeapMb,8:F0}");
        }
    }
}
