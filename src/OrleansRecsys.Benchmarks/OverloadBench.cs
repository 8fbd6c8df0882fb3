namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>overload</c>: after <c>--warmup</c> seconds of discarded load, measures what one silo serves over HTTP (the most
/// scored answers per second over a <c>--ladder</c> of open-loop rates), then offers 1×, 2× and 3× that rate open-loop and
/// reports, per multiple, the goodput (admitted answers per second), p50/p99 of admitted requests, the shed share (503 from
/// admission control), the fallback share and the silo's memory. The load comes from a child process
/// (<see cref="ChildLoadGenerator"/>), as from callers on other machines; <c>--in-process</c> sends it from the silo's own
/// process instead, for comparison.
/// </summary>
public static class OverloadBench
{
    /// <summary>Sends one open-loop step at a rate for a duration and gives back each request's sample.</summary>
    internal delegate Task<IReadOnlyList<OutcomeRecorder.Sample>> Offer(double rate, TimeSpan duration);

    private sealed record Row(string Load, double Offered, double Goodput, double P50, double P99, double ShedShare, double FallbackShare, double ErrorShare,
        double ClientFullShare, StepProbe.StepFigures Process, double LiveHeapMb, double SiloCpuShare, double ToolCpuShare);

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
        var connections = (int)o.Num("connections", 256);
        using var http = HttpRankCaller.Client(grid.Url, grid.Token, connections);
        using var child = o.Flag("in-process") ? null : await ChildLoadGenerator.StartAsync(grid.Url, grid.Token, setup.Users, setup.Candidates, connections);
        var caller = new HttpRankCaller(http, setup.Users, setup.CandidateSets, "ranker");
        Offer offer = child is null ? (rate, duration) => new OutcomeRecorder(rate, duration, caller.RankAsync).RunAsync() : child.OfferAsync;
        Console.Error.WriteLine($"[overload] load from {(child is null ? "the silo's own process" : "a child process")}");
        await RunStepsAsync(o, offer, () => child?.CpuSeconds() ?? 0);
        return 0;
    }

    private static async Task RunStepsAsync(LoadOptions o, Offer offer, Func<double> toolCpuSeconds)
    {
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 10));
        var ladder = o.Get("ladder", "1000,2000,3000,4000,5000,6000,8000,10000").Split(',').Select(double.Parse).ToArray();
        await GoodputAsync(offer, ladder[0], Commands.Warmup(o)); // JIT, caches and GC budgets settle; discarded
        var capacity = o.Num("capacity", 0) is > 0 and var given ? given : await MeasureCapacityAsync(offer, ladder, TimeSpan.FromSeconds(o.Num("rung-seconds", 4)));
        Console.Error.WriteLine($"[overload] capacity {capacity:F0} requests/s");
        var rows = new List<Row>();
        foreach (var multiple in o.Get("multiples", "1,2,3").Split(',').Select(double.Parse))
        {
            rows.Add(await RunStepAsync(offer, toolCpuSeconds, capacity * multiple, seconds, $"{multiple:0.#}x"));
            Console.Error.WriteLine($"[overload] {rows[^1]}");
            await Task.Delay(2000); // let queues drain before the next step
        }

        Print(capacity, rows);
    }

    /// <summary>
    /// The silo's capacity: the most answers scored by the model per second over a ladder of open-loop rates. A closed loop
    /// of a few callers measures their round trips instead (32 of them reached 40 % of this on the same machine, so "3×" was
    /// barely overload), and one rate far past capacity measures a collapse rather than what the silo can serve.
    /// </summary>
    private static async Task<double> MeasureCapacityAsync(Offer offer, double[] ladder, TimeSpan rung)
    {
        var best = 0.0;
        foreach (var rate in ladder)
        {
            var goodput = await GoodputAsync(offer, rate, rung);
            Console.Error.WriteLine($"[overload] offered {rate:F0}/s: {goodput:F0} scored answers/s");
            best = Math.Max(best, goodput); // every rung runs: the first seconds at a new rate pay for new connections and threads
        }

        return best;
    }

    private static async Task<double> GoodputAsync(Offer offer, double rate, TimeSpan duration)
    {
        var samples = await offer(rate, duration);
        var served = 0;
        foreach (var sample in samples)
        {
            served += sample.Outcome == OutcomeRecorder.Ok ? 1 : 0;
        }

        return served / duration.TotalSeconds;
    }

    /// <summary>One multiple of capacity, open loop, with the CPU each process spent as a share of the machine's cores; the live
    /// heap is read after the step's samples are summarized and dropped, so it is the grid's (and the connections') memory.</summary>
    private static async Task<Row> RunStepAsync(Offer offer, Func<double> toolCpuSeconds, double rate, TimeSpan seconds, string load)
    {
        var siloCpu = Environment.CpuUsage.TotalTime;
        var toolCpu = toolCpuSeconds();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        using var probe = new StepProbe();
        var samples = await offer(rate, seconds);
        var process = probe.Finish();
        var cores = wall.Elapsed.TotalSeconds * Environment.ProcessorCount;
        var row = Summarize(load, rate, seconds, samples, process) with
        {
            SiloCpuShare = (Environment.CpuUsage.TotalTime - siloCpu).TotalSeconds / cores,
            ToolCpuShare = (toolCpuSeconds() - toolCpu) / cores,
        };
        return row with { LiveHeapMb = GC.GetTotalMemory(forceFullCollection: true) / 1e6 };
    }

    private static Row Summarize(string load, double offered, TimeSpan duration, IReadOnlyList<OutcomeRecorder.Sample> samples, StepProbe.StepFigures process)
    {
        var admitted = samples.Where(x => x.Outcome is not (OutcomeRecorder.Shed or OutcomeRecorder.Error or OutcomeRecorder.ClientFull)).ToArray();
        double Share(Func<OutcomeRecorder.Sample, bool> which) => samples.Count == 0 ? 0 : (double)samples.Count(which) / samples.Count;
        return new Row(load, offered, admitted.Count(x => x.Outcome == OutcomeRecorder.Ok) / duration.TotalSeconds,
            OutcomeRecorder.Quantile(admitted.Select(x => x.LatencyMs), 0.5), OutcomeRecorder.Quantile(admitted.Select(x => x.LatencyMs), 0.99),
            Share(x => x.Outcome == OutcomeRecorder.Shed), Share(x => x.Outcome is not (OutcomeRecorder.Ok or OutcomeRecorder.Shed or OutcomeRecorder.Error or OutcomeRecorder.ClientFull)),
            Share(x => x.Outcome is OutcomeRecorder.Error), Share(x => x.Outcome is OutcomeRecorder.ClientFull), process, 0, 0, 0);
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
        Console.WriteLine("where the time and memory went (server: the silo's own duration of its successful ranks; tool-full: requests the tool did not send, its in-flight cap full; cpu: share of the machine's cores, tool 0 in-process):");
        Console.WriteLine($"{"load",-5} {"server p50",10} {"server p99",10} {"pool queue",10} {"threads",7} {"connections",11} {"gc pause ms",11} {"full GCs",8} {"log behind",10} {"tool-full %",11} {"silo cpu %",10} {"tool cpu %",10}");
        foreach (var r in rows)
        {
            var p = r.Process;
            Console.WriteLine($"{r.Load,-5} {p.ServerP50Ms,10:F2} {p.ServerP99Ms,10:F2} {p.PeakThreadPoolQueue,10} {p.PeakThreads,7} {p.PeakConnections,11} {p.GcPauseMs,11:F0} {p.FullGcs,8} {p.PredictionLogBehind,10} {100 * r.ClientFullShare,11:F1} {100 * r.SiloCpuShare,10:F0} {100 * r.ToolCpuShare,10:F0}");
        }
    }
}
