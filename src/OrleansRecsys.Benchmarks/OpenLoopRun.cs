using System.Diagnostics;

namespace OrleansRecsys.Benchmarks;

/// <summary>One open-loop run of <paramref name="total"/> requests at <paramref name="rate"/> per second.</summary>
internal sealed class OpenLoopRun(string name, double rate, long total, Func<long, Task<bool>> call, int maxInFlight)
{
    private readonly double[] _latencies = new double[total];
    private readonly bool[] _done = new bool[total];
    private readonly List<Task> _tasks = new((int)Math.Min(total, 1_000_000));
    private readonly double _ticksPerRequest = Stopwatch.Frequency / rate;
    private long _completed;
    private long _errors;
    private long _fallbacks;
    private long _inFlight;
    private long _sent;
    private long _start;
    private double _maxLagMs;

    private readonly record struct GcBaseline(TimeSpan Pause, int Collections, long Allocated)
    {
        public static GcBaseline Now() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.GetTotalAllocatedBytes());
    }

    public async Task<LoadResult> ExecuteAsync()
    {
        var gcBefore = GcBaseline.Now();
        _start = Stopwatch.GetTimestamp();
        Dispatch();
        await Task.WhenAll(_tasks);
        var elapsed = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        return Summarize(elapsed, gcBefore);
    }

    // The dispatcher sleeps in ~1 ms steps and sends every request that has come due, so it costs almost no
    // CPU on a 2-core box. Latency is measured from the moment a request is sent: measured from when it was due,
    // the sleep quantum alone adds ~0.6 ms to every request (checked: p50 0.5 -> 1.1 ms). The dispatcher never
    // waits for responses, so a slow grid cannot slow the offered load (no coordinated omission). A pause that
    // stops the whole process (GC) delays the dispatcher too, and requests due during it are timed from when
    // they could be sent: so how late the dispatcher ran is reported as its own figure, and the result counts the
    // GCs, their pauses and the allocation rate of the whole process (load tool, client and silo together).
    private void Dispatch()
    {
        var clock = Stopwatch.StartNew();
        var nextReport = 1.0;
        long i = 0;
        while (i < total)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - _start) / _ticksPerRequest) + 1);
            for (; i < due; i++)
            {
                SendOrShed(i);
            }

            if (clock.Elapsed.TotalSeconds >= nextReport)
            {
                Console.Error.WriteLine($"[{name}] {nextReport,3:F0}s sent {_sent} done {Interlocked.Read(ref _completed)} in-flight {Interlocked.Read(ref _inFlight)} errors {Interlocked.Read(ref _errors)}");
                nextReport += 1;
            }

            Thread.Sleep(1);
        }
    }

    private void SendOrShed(long i)
    {
        var scheduled = _start + (long)(i * _ticksPerRequest);
        _maxLagMs = Math.Max(_maxLagMs, Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
        if (Interlocked.Read(ref _inFlight) >= maxInFlight)
        {
            // Overloaded: count as an error rather than queue without bound.
            _latencies[i] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            _done[i] = true;
            Interlocked.Increment(ref _errors);
            Interlocked.Increment(ref _completed);
            return;
        }

        Interlocked.Increment(ref _inFlight);
        _sent++;
        _tasks.Add(SendAsync(i, Stopwatch.GetTimestamp()));
    }

    private async Task SendAsync(long i, long sentAt)
    {
        try
        {
            if (await call(i))
            {
                Interlocked.Increment(ref _fallbacks);
            }
        }
        catch
        {
            Interlocked.Increment(ref _errors);
        }
        finally
        {
            _latencies[i] = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
            _done[i] = true;
            Interlocked.Increment(ref _completed);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private LoadResult Summarize(double elapsed, GcBaseline gcBefore)
    {
        var sorted = _latencies.Where((_, i) => _done[i]).ToArray();
        Array.Sort(sorted);
        double Q(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.Error.WriteLine($"[{name}] dispatcher ran at most {_maxLagMs:F1} ms late");
        var gcAfter = GcBaseline.Now();
        return new LoadResult(name, rate, _completed / elapsed, _sent, _completed, _errors, _fallbacks, Q(0.5), Q(0.9), Q(0.99), Q(0.999), sorted.Length == 0 ? 0 : sorted[^1],
            (gcAfter.Pause - gcBefore.Pause).TotalMilliseconds, gcAfter.Collections - gcBefore.Collections, (gcAfter.Allocated - gcBefore.Allocated) / 1e6 / elapsed);
    }
}
