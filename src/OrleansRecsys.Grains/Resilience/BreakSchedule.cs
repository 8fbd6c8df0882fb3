using Polly.CircuitBreaker;

namespace OrleansRecsys.Grains.Resilience;

/// <summary>
/// How long a model version's circuit stays open each time it trips. A version that trips again before it has stayed
/// closed as long as its last break is flapping: its probe failed, or it served the single probe but not the full
/// traffic that followed (a model slow only under load). Each such trip doubles the break, up to
/// <see cref="ModelCircuitOptions.MaxBreakDurationMs"/>, so a flapping version costs its callers a burst of slow answers
/// a few times rather than once every break. A version that stayed closed long enough starts again from
/// <see cref="ModelCircuitOptions.BreakDurationMs"/>. <see cref="Next"/> is called by the breaker under its lock as it
/// opens; <see cref="Closed"/> from its callback once it has closed, hence the one field both touch is read and written
/// whole.
/// </summary>
internal sealed class BreakSchedule(ModelCircuitOptions options, TimeProvider time)
{
    /// <summary><see cref="_closedSinceTicks"/> while the circuit is open or half-open.</summary>
    private const long Open = long.MinValue;

    private readonly TimeSpan _first = TimeSpan.FromMilliseconds(options.BreakDurationMs);
    private readonly TimeSpan _longest = TimeSpan.FromMilliseconds(Math.Max(options.MaxBreakDurationMs, options.BreakDurationMs));

    private long _closedSinceTicks = time.GetUtcNow().UtcTicks;
    private TimeSpan _lastBreak = TimeSpan.Zero;
    private int _doublings;

    /// <summary>The break for a trip from <paramref name="from"/> (closed, or half-open when a probe failed).</summary>
    public TimeSpan Next(CircuitState from)
    {
        var closedSince = Interlocked.Exchange(ref _closedSinceTicks, Open);
        var recovered = from == CircuitState.Closed && closedSince != Open
            && time.GetUtcNow().UtcTicks - closedSince >= _lastBreak.Ticks;
        _doublings = recovered ? 0 : Math.Min(_doublings + 1, 30);
        var ticks = Math.Min(_longest.Ticks, _first.Ticks * Math.Pow(2, _doublings));
        _lastBreak = TimeSpan.FromTicks((long)ticks);
        return _lastBreak;
    }

    /// <summary>The circuit closed at this moment: the time it then stays closed decides whether it recovered.</summary>
    public void Closed() => Interlocked.Exchange(ref _closedSinceTicks, time.GetUtcNow().UtcTicks);
}
