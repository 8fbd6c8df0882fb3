namespace OrleansRecsys.Benchmarks;

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

        var run = new OpenLoopRun(name, rate, (long)(rate * duration.TotalSeconds), call, maxInFlight);
        return await run.ExecuteAsync();
    }
}
