namespace OrleansRecsys.Ingestion;

/// <summary>
/// Backpressure while grain state cannot be written. After a failed flush the consumer stops fetching (so the work it
/// holds uncommitted stays what it had when storage failed, instead of growing for as long as the outage lasts) and
/// retries the checkpoint with exponential backoff, so a database that is down or overloaded is not hammered by a
/// flush of every touched grain each interval. The first successful checkpoint releases consumption.
/// The delays carry decorrelated jitter (each a random time between the first retry and three times the last delay,
/// the first one's between one and three first retries, all capped): every silo's consumers lose the same database at the same instant, and without jitter they would all come
/// back at the same instants too, a synchronised burst of flushes against a database that is just recovering.
/// </summary>
/// <param name="random">Where the jitter comes from: <see cref="Random.Shared"/> in the grid, a seeded one in tests.</param>
internal sealed class StorageBackoff(TimeSpan firstRetry, TimeSpan longestRetry, Random random)
{
    private int _failures;
    private long _nextAttemptAt;
    private double _lastDelayMs;

    /// <summary>Whether the last checkpoint's flush failed: consumption is held until a checkpoint succeeds.</summary>
    public bool Holding => _failures > 0;

    /// <summary>Consecutive failed flushes.</summary>
    public int Failures => _failures;

    /// <summary>Whether a checkpoint may be tried at <paramref name="nowTicks"/> (<see cref="Environment.TickCount64"/>
    /// milliseconds): always when nothing failed, otherwise once the current delay has passed.</summary>
    public bool AttemptDue(long nowTicks) => _failures == 0 || nowTicks >= _nextAttemptAt;

    /// <summary>Records a failed flush and returns the delay before the next attempt: never shorter than the first
    /// retry nor longer than the longest, growing by up to three times per further failure (decorrelated jitter).</summary>
    public TimeSpan RecordFailure(long nowTicks)
    {
        _failures++;
        var delay = NextDelay();
        _nextAttemptAt = nowTicks + (long)delay.TotalMilliseconds;
        return delay;
    }

    /// <summary>Storage took the writes, or nothing is left to write (a rewind dropped the uncommitted work).</summary>
    public void Release()
    {
        _failures = 0;
        _lastDelayMs = 0;
    }

    private TimeSpan NextDelay()
    {
        var first = firstRetry.TotalMilliseconds;
        var longest = Math.Max(first, longestRetry.TotalMilliseconds);
        var upper = 3 * Math.Max(first, _lastDelayMs);
        _lastDelayMs = Math.Min(longest, first + (random.NextDouble() * (upper - first)));
        return TimeSpan.FromMilliseconds(_lastDelayMs);
    }
}
