using System.Diagnostics;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Closed-loop load, as <c>wrk -c N</c> applies it: <c>connections</c> callers, each sending its next request as soon as
/// the previous answer arrived, for a fixed time. The figure is the throughput the system reaches at that concurrency,
/// with the latency of every request (no schedule, so no coordinated-omission correction: the caller is the bottleneck's
/// mirror, which is what a throughput comparison wants).
/// </summary>
public static class ClosedLoop
{
    /// <summary>One caller's loop; it answers whether the response was a fallback.</summary>
    public delegate Task<bool> Caller(long sequence);

    /// <param name="connect">Makes one caller (its own connection) per loop.</param>
    /// <param name="warmup">Run the same way this long first and discarded (tiered JIT, pools, GC budgets).</param>
    public static async Task<LoadResult> RunAsync(string name, int connections, TimeSpan duration, TimeSpan warmup, Func<int, Task<Caller>> connect)
    {
        var callers = new Caller[connections];
        for (var c = 0; c < connections; c++)
        {
            callers[c] = await connect(c);
        }

        if (warmup > TimeSpan.Zero)
        {
            await MeasureAsync(callers, warmup);
            await SettleJitAsync(callers);
        }

        var gcBefore = GC.CollectionCount(0);
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var (latencies, errors, fallbacks, elapsed) = await MeasureAsync(callers, duration);
        var seconds = elapsed.TotalSeconds;
        var completed = latencies.Length;
        Array.Sort(latencies);
        double At(double q) => completed == 0 ? double.NaN : latencies[Math.Min(completed - 1, (int)(q * completed))];
        return new LoadResult(name, completed / seconds, completed / seconds, completed + errors, completed, errors, fallbacks,
            At(0.5), At(0.9), At(0.99), At(0.999), completed == 0 ? double.NaN : latencies[^1], (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds,
            GC.CollectionCount(0) - gcBefore, (GC.GetTotalAllocatedBytes() - allocatedBefore) / seconds / 1e6);
    }

    /// <summary>
    /// Goes on warming up, a second at a time (at most <see cref="MaxJitSettle"/>), while the runtime's tiered compiler is
    /// still busy: a row measured while hot methods are being recompiled pays for the JIT, and the first row of a process
    /// would pay it for the rows after it. Where thread CPU cannot be read (not Linux) the warm-up is the given time alone.
    /// </summary>
    private static async Task SettleJitAsync(Caller[] callers)
    {
        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < MaxJitSettle)
        {
            var before = ThreadCpu.Snapshot().GetValueOrDefault(ThreadCpu.TieredCompiler);
            await MeasureAsync(callers, TimeSpan.FromSeconds(1));
            if (ThreadCpu.Snapshot().GetValueOrDefault(ThreadCpu.TieredCompiler) - before <= QuietJitSecondsPerSecond)
            {
                return;
            }
        }
    }

    private static readonly TimeSpan MaxJitSettle = TimeSpan.FromSeconds(30);

    /// <summary>The tiered compiler counts as quiet below 2 % of a core.</summary>
    private const double QuietJitSecondsPerSecond = 0.02;

    private static async Task<(double[] Latencies, long Errors, long Fallbacks, TimeSpan Elapsed)> MeasureAsync(Caller[] callers, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task<Tally>[callers.Length];
        for (var c = 0; c < callers.Length; c++)
        {
            var caller = callers[c];
            var first = c * 1_000_000L;
            loops[c] = Task.Run(() => LoopAsync(caller, first, stopAt));
        }

        var tallies = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (tallies.SelectMany(t => t.Latencies).ToArray(), tallies.Sum(t => t.Errors), tallies.Sum(t => t.Fallbacks), elapsed);
    }

    private sealed class Tally
    {
        public List<double> Latencies { get; } = new(200_000);
        public long Errors { get; set; }
        public long Fallbacks { get; set; }
    }

    private static async Task<Tally> LoopAsync(Caller caller, long first, long stopAt)
    {
        var tally = new Tally();
        for (var i = first; Stopwatch.GetTimestamp() < stopAt; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                if (await caller(i))
                {
                    tally.Fallbacks++;
                }

                tally.Latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or System.Net.Sockets.SocketException)
            {
                tally.Errors++;
                if (tally.Errors == 1)
                {
                    Console.Error.WriteLine($"[closed-loop] first error: {ex.Message}");
                }

                if (ex is IOException or System.Net.Sockets.SocketException)
                {
                    throw; // the connection is gone: this caller cannot go on
                }
            }
        }

        return tally;
    }
}
