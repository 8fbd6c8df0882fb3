namespace OrleansRecsys.Ingestion;

/// <summary>
/// Backpressure while grain state cannot be written. After a failed flush the consumer stops fetching (so the work it
/// holds uncommitted stays what it had when storage failed, instead of growing for as long as the outage lasts) and
/// retries the checkpoint with exponential backoff, so a database that is down or overloaded is not hammered by a
/// flush of every touched grain each interval. The first successful checkpoint releases consumption.
/// </summary>
internal sealed class StorageBackoff(TimeSpan firstRetry, TimeSpan longestRetry)
{
    private int _failures;
    private long _nextAttemptAt;

    /// <summary>Whether the last checkpoint's flush failed: consumption is held until a checkpoint succeeds.</summary>
    public bool Holding => _failures > 0;

    /// <summary>Consecutive failed flushes.</summary>
    public int Failures => _failures;

    /// <summary>Whether a checkpoint may be tried at <paramref name="nowTicks"/> (<see cref="Environment.TickCount64"/>
    /// milliseconds): always when nothing failed, otherwise once the current delay has passed.</summary>
    public bool AttemptDue(long nowTicks) => _failures == 0 || nowTicks >= _nextAttemptAt;

    /// <summary>Records a failed flush and returns the delay before the next attempt: the first retry, doubled per
    /// further failure, capped at the longest retry.</summary>
    public TimeSpan RecordFailure(long nowTicks)
    {
        _failures++;
        var delay = DelayAfter(_failures);
        _nextAttemptAt = nowTicks + (long)delay.TotalMilliseconds;
        return delay;
    }

    /// <summary>Storage took the writes, or nothing is left to write (a rewind dropped the uncommitted work).</summary>
    public void Release() => _failures = 0;

    private TimeSpan DelayAfter(int failures)
    {
        var doublings = Math.Min(failures - 1, 30);
        var ms = Math.Min(firstRetry.TotalMilliseconds * Math.Pow(2, doublings), longestRetry.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }
}
