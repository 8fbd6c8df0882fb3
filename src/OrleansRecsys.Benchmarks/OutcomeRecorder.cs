using System.Diagnostics;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// An open-loop run that keeps, per request, when it was sent, how long it took and how it ended (<c>ok</c>, a fallback
/// reason, <c>shed</c> or <c>error</c>), so overload figures can split admitted from shed requests and time can be
/// sliced (before and after a circuit opened). Requests are sent on schedule whatever the answers do; past
/// <c>maxInFlight</c> outstanding ones a due request is counted as <c>client_full</c> instead of queueing in the tool.
/// </summary>
/// <remarks>
/// The tool shares the process (and its two cores) with the silo it measures, so its own bookkeeping must neither grow
/// with the offered load nor hold a thread-pool thread: samples go into one array sized for the run (no task per request
/// is kept: the run waits for the in-flight count to reach zero), and the dispatcher runs on a thread of its own, as a
/// load generator on another machine would, instead of sleeping on one of the pool's few threads.
/// </remarks>
internal sealed class OutcomeRecorder(double rate, TimeSpan duration, Func<long, Task<string>> call, int maxInFlight = 8192)
{
    public const string Ok = "ok", Shed = "shed", Error = "error", ClientFull = "client_full";

    /// <summary>One request: sent at <paramref name="SentMs"/> after the run's start.</summary>
    public readonly record struct Sample(double SentMs, double LatencyMs, string Outcome);

    private readonly Sample[] _samples = new Sample[(long)(rate * duration.TotalSeconds)];
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _inFlight = 1; // the dispatcher's own count, dropped when it has sent the last request
    private long _start;

    /// <summary>The most requests outstanding at once during the run.</summary>
    public long PeakInFlight { get; private set; }

    public async Task<IReadOnlyList<Sample>> RunAsync()
    {
        _start = Stopwatch.GetTimestamp();
        var dispatcher = new Thread(Dispatch) { IsBackground = true, Name = "open-loop dispatcher" };
        dispatcher.Start();
        await _drained.Task;
        return _samples;
    }

    private void Dispatch()
    {
        var ticksPerRequest = Stopwatch.Frequency / rate;
        long i = 0;
        while (i < _samples.Length)
        {
            var due = Math.Min(_samples.Length, (long)((Stopwatch.GetTimestamp() - _start) / ticksPerRequest) + 1);
            for (; i < due; i++)
            {
                var sentMs = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
                var inFlight = Interlocked.Read(ref _inFlight);
                PeakInFlight = Math.Max(PeakInFlight, inFlight);
                if (inFlight > maxInFlight)
                {
                    _samples[i] = new Sample(sentMs, 0, ClientFull);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                _ = SendAsync(i, sentMs);
            }

            Thread.Sleep(1);
        }

        Done();
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

        _samples[i] = new Sample(sentMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
        Done();
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>The <paramref name="p"/> quantile of <paramref name="values"/> (0 when empty).</summary>
    public static double Quantile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
