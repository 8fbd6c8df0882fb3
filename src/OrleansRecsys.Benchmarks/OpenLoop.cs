using System.Diagnostics;
using System.Text.Json;

namespace OrleansRecsys.Benchmarks;

/// <summary>The outcome of one open-loop run.</summary>
public sealed record LoadResult(string Name, double OfferedRate, double AchievedRate, long Sent, long Completed, long Errors, long Fallbacks,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double GcPauseMs = 0, int GcCount = 0, double AllocatedMbPerSecond = 0)
{
    public static string Header => $"{"run",-28} {"offered/s",10} {"achieved/s",11} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"max ms",8} {"errors",7} {"fallbacks",9} {"GCs",5} {"GC pause ms",11} {"alloc MB/s",10}";

    public override string ToString() =>
        $"{Name,-28} {OfferedRate,10:F0} {AchievedRate,11:F0} {P50Ms,8:F3} {P90Ms,8:F3} {P99Ms,8:F3} {P999Ms,9:F3} {MaxMs,8:F2} {Errors,7} {Fallbacks,9} {GcCount,5} {GcPauseMs,11:F0} {AllocatedMbPerSecond,10:F0}";

    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>
/// Open-loop load: requests are sent on a fixed schedule whatever the latency (the sender never waits for a
/// response), so a stall shows up in the percentiles instead of slowing the sender (no coordinated omission).
/// A progress line goes to stderr every second.
/// </summary>
public static class OpenLoop
{
    /// <param name="warmup">Run the same schedule this long first and discard it: tiered JIT, caches and the GC's
    /// budgets settle there (20 s runs without it had half their >2 ms requests in the first 2 s).</param>
    public static async Task<LoadResult> RunAsync(string name, double rate, TimeSpan duration, Func<long, Task<bool>> call, TimeSpan warmup = default, int maxInFlight = 20_000)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunAsync(name + " (warm-up)", rate, warmup, call, TimeSpan.Zero, maxInFlight);
        }

        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var done = new bool[total];
        long completed = 0, errors = 0, fallbacks = 0, inFlight = 0, sent = 0;
        var tasks = new List<Task>((int)Math.Min(total, 1_000_000));
        var clock = Stopwatch.StartNew();
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gcCountBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var nextReport = 1.0;
        var maxLagMs = 0.0;

        async Task One(long i, long scheduled)
        {
            try
            {
                var fallback = await call(i);
                if (fallback)
                {
                    Interlocked.Increment(ref fallbacks);
                }
            }
            catch
            {
                Interlocked.Increment(ref errors);
            }
            finally
            {
                latencies[i] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
                done[i] = true;
                Interlocked.Increment(ref completed);
                Interlocked.Decrement(ref inFlight);
            }
        }

        // The dispatcher sleeps in ~1 ms steps and sends every request that has come due, so it costs almost no
        // CPU on a 2-core box. Latency is measured from the moment a request is sent: measured from when it was due,
        // the sleep quantum alone adds ~0.6 ms to every request (checked: p50 0.5 -> 1.1 ms). The dispatcher never
        // waits for responses, so a slow grid cannot slow the offered load (no coordinated omission). A pause that
        // stops the whole process (GC) delays the dispatcher too, and requests due during it are timed from when
        // they could be sent: so how late the dispatcher ran is reported as its own figure, and the result counts the
        // GCs, their pauses and the allocation rate of the whole process (load tool, client and silo together).
        long i = 0;
        while (i < total)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1);
            for (; i < due; i++)
            {
                var scheduled = start + (long)(i * ticksPerRequest);
                maxLagMs = Math.Max(maxLagMs, Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
                if (Interlocked.Read(ref inFlight) >= maxInFlight)
                {
                    // Overloaded: count as an error rather than queue without bound.
                    latencies[i] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
                    done[i] = true;
                    Interlocked.Increment(ref errors);
                    Interlocked.Increment(ref completed);
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                sent++;
                tasks.Add(One(i, Stopwatch.GetTimestamp()));
            }

            if (clock.Elapsed.TotalSeconds >= nextReport)
            {
                Console.Error.WriteLine($"[{name}] {nextReport,3:F0}s sent {sent} done {Interlocked.Read(ref completed)} in-flight {Interlocked.Read(ref inFlight)} errors {Interlocked.Read(ref errors)}");
                nextReport += 1;
            }

            Thread.Sleep(1);
        }

        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var sorted = latencies.Where((_, i) => done[i]).ToArray();
        Array.Sort(sorted);
        double Q(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.Error.WriteLine($"[{name}] dispatcher ran at most {maxLagMs:F1} ms late");
        return new LoadResult(name, rate, completed / elapsed, sent, completed, errors, fallbacks, Q(0.5), Q(0.9), Q(0.99), Q(0.999), sorted.Length == 0 ? 0 : sorted[^1],
            (GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds, GC.CollectionCount(0) - gcCountBefore, (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e6 / elapsed);
    }
}
