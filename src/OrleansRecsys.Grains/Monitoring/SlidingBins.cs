namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// Histogram counts over a sliding window of time, for drift that describes recent traffic rather than everything since
/// start. The window is cut into <see cref="Slices"/> slices kept in a ring: counts go to the slice of the time they are
/// added, a slice is reused (and emptied) once it falls out of the window, and the total is the sum of the slices still
/// in it. The total therefore covers the last window to within one slice (window / 30). Not thread-safe.
/// </summary>
internal sealed class SlidingBins
{
    public const int Slices = 30;

    private readonly long _sliceMs;
    private readonly long[] _sliceNumbers;
    private readonly long[][] _counts;

    public SlidingBins(int bins, TimeSpan window)
    {
        _sliceMs = Math.Max(1, (long)window.TotalMilliseconds / Slices);
        _sliceNumbers = new long[Slices];
        Array.Fill(_sliceNumbers, long.MinValue);
        _counts = new long[Slices][];
        for (var i = 0; i < Slices; i++)
        {
            _counts[i] = new long[bins];
        }
    }

    public int Bins => _counts[0].Length;

    /// <summary>Adds <paramref name="counts"/> (bin by bin; extra entries are ignored) at <paramref name="nowMs"/>.</summary>
    public void Add(long nowMs, ReadOnlySpan<long> counts)
    {
        if (SliceAt(nowMs) is not { } slice)
        {
            return;
        }

        for (var bin = 0; bin < Math.Min(slice.Length, counts.Length); bin++)
        {
            slice[bin] += counts[bin];
        }
    }

    /// <summary>Counts one value in <paramref name="bin"/> at <paramref name="nowMs"/>.</summary>
    public void Increment(long nowMs, int bin)
    {
        if (SliceAt(nowMs) is { } slice)
        {
            slice[bin]++;
        }
    }

    /// <summary>The counts of the slices inside the window that ends at <paramref name="nowMs"/>.</summary>
    public long[] Total(long nowMs)
    {
        var current = Math.DivRem(nowMs, _sliceMs).Quotient;
        var total = new long[Bins];
        for (var i = 0; i < Slices; i++)
        {
            if (_sliceNumbers[i] > current - Slices && _sliceNumbers[i] <= current)
            {
                for (var bin = 0; bin < total.Length; bin++)
                {
                    total[bin] += _counts[i][bin];
                }
            }
        }

        return total;
    }

    /// <summary>The slice that holds <paramref name="nowMs"/>, emptied first if it last held an older slice of time; null when
    /// the ring already holds a newer slice there (the time is a whole window behind: nothing of it would be reported).</summary>
    private long[]? SliceAt(long nowMs)
    {
        var number = Math.DivRem(nowMs, _sliceMs).Quotient;
        var index = (int)(((number % Slices) + Slices) % Slices);
        if (_sliceNumbers[index] > number)
        {
            return null;
        }

        if (_sliceNumbers[index] != number)
        {
            _sliceNumbers[index] = number;
            Array.Clear(_counts[index]);
        }

        return _counts[index];
    }
}
