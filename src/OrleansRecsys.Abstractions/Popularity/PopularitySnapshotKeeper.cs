using System.Diagnostics;

namespace OrleansRecsys;

/// <summary>
/// Keeps a recent <see cref="PopularitySnapshot"/> of one popularity list (the global one unless a key is given, see
/// <see cref="PopularityKeys"/>) for a caller of the grid, so the caller can answer with the baseline when the grid cannot
/// answer in time, and serve popular recommendations without a grain call each. Reading <see cref="Current"/> starts a
/// background refresh once the last attempt is older than the refresh interval (one at a time, bounded by that
/// interval), so a request never waits for it, and a refresh that fails (the popularity grain's silo just died)
/// keeps the last good list.
/// </summary>
public sealed class PopularitySnapshotKeeper(IGrainFactory grains, TimeSpan refreshEvery, string key = PopularityKeys.Global)
{
    /// <summary>How many items a snapshot holds: as many as a rank request may carry, and what the grain keeps.</summary>
    public const int Size = RequestLimits.MaxCandidates;

    private PopularitySnapshot _current = PopularitySnapshot.Empty;
    private long _lastAttempt = long.MinValue;
    private int _refreshing;
    private volatile bool _read;

    /// <summary>The latest list read; <see cref="PopularitySnapshot.Empty"/> until the first read succeeds.</summary>
    public PopularitySnapshot Current
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            var last = Volatile.Read(ref _lastAttempt);
            if ((last == long.MinValue || Stopwatch.GetElapsedTime(last, now) >= refreshEvery) && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                Volatile.Write(ref _lastAttempt, now);
                _ = RefreshInBackgroundAsync();
            }

            return Volatile.Read(ref _current);
        }
    }

    /// <summary>
    /// <see cref="Current"/>, except before the first successful read: that one is waited for, so the first request of a
    /// list answers with its items rather than with <see cref="PopularitySnapshot.Empty"/>.
    /// </summary>
    public async ValueTask<PopularitySnapshot> CurrentOrFirstAsync()
    {
        if (!_read)
        {
            await RefreshAsync();
        }

        return Current;
    }

    /// <summary>Reads the list now; false (and the last list kept) when the grid did not give it within the interval.</summary>
    public async Task<bool> RefreshAsync()
    {
        try
        {
            var entries = await grains.GetGrain<IPopularityGrain>(key).TopAsync(Size).AsTask().WaitAsync(refreshEvery);
            Volatile.Write(ref _current, PopularitySnapshot.From(entries, DateTimeOffset.UtcNow));
            _read = true;
            return true;
        }
        catch (Exception)
        {
            // Any failure (a dead silo, a time-out, a client not connected yet) leaves the last good list serving;
            // the next read after the interval tries again.
            return false;
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await Task.Yield(); // never run the grain call on the request's own stack
            await RefreshAsync();
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }
}
