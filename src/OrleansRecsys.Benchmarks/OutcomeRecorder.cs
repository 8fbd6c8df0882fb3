using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// An open-loop run that keeps, per request, when it was sent, how long it took and how it ended (<c>ok</c>, a fallback
/// reason, <c>shed</c> or <c>error</c>), so overload figures can split admitted from shed requests and time can be
/// sliced (before and after a circuit opened). Requests are sent on schedule whatever the answers do; past
/// <c>maxInFlight</c> outstanding ones a due request is counted as <c>client_full</c> instead of queueing in the tool.
/// </summary>
internal sealed class OutcomeRecorder(double rate, TimeSpan duration, Func<long, Task<string>> call, int maxInFlight = 8192)
{
    public const string Ok = "ok", Shed = "shed", Error = "error", ClientFull = "client_full";

    /// <summary>One request: sent at <paramref name="SentMs"/> after the run's start.</summary>
    public readonly record struct Sample(double SentMs, double LatencyMs, string Outcome);

    private readonly ConcurrentBag<Sample> _samples = [];
    private long _inFlight;

    public async Task<IReadOnlyList<Sample>> RunAsync()
    {
        var total = (long)(rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var tasks = new List<Task>();
        long i = 0;
        while (i < total)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1);
            for (; i < due; i++)
            {
                var sentMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (Interlocked.Read(ref _inFlight) >= maxInFlight)
                {
                    _samples.Add(new Sample(sentMs, 0, ClientFull));
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                tasks.Add(SendAsync(i, sentMs));
            }

            Thread.Sleep(1);
        }

        await Task.WhenAll(tasks);
        return [.. _samples];
    }

    private async Task SendAsync(long i, double sentMs)
    {
        var started = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            outcome = await call(i);
        }
        catch (Exception)
        {
            outcome = Error;
        }

        _samples.Add(new Sample(sentMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome));
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>The <paramref name="p"/> quantile of <paramref name="values"/> (0 when empty).</summary>
    public static double Quantile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
