using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

public sealed class SlidingBinsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(300);
    private const long SliceMs = 10_000; // 300 s / 30 slices
    private const long T0 = 1_764_000_000_000;

    [Fact]
    public void Counts_added_within_the_window_are_summed()
    {
        var bins = new SlidingBins(3, Window);

        bins.Add(T0, [1, 2, 3]);
        bins.Add(T0 + 5_000, [1, 0, 0]);
        bins.Increment(T0 + 120_000, 2);

        Assert.Equal([2L, 2, 4], bins.Total(T0 + 120_000));
    }

    [Fact]
    public void Counts_older_than_the_window_are_forgotten()
    {
        var bins = new SlidingBins(2, Window);
        bins.Add(T0, [5, 0]);
        bins.Add(T0 + 200_000, [0, 7]);

        Assert.Equal([5L, 7], bins.Total(T0 + 200_000));
        Assert.Equal([0L, 7], bins.Total(T0 + Window.Ticks / TimeSpan.TicksPerMillisecond + SliceMs));
        Assert.Equal([0L, 0], bins.Total(T0 + 200_000 + 300_000 + SliceMs));
    }

    [Fact]
    public void The_window_reaches_back_by_the_window_length_to_within_one_slice()
    {
        var bins = new SlidingBins(1, Window);
        var sliceStart = T0 - (T0 % SliceMs);
        bins.Add(sliceStart, [1]);

        Assert.Equal([1L], bins.Total(sliceStart + 300_000 - 1)); // still the 30th slice back
        Assert.Equal([0L], bins.Total(sliceStart + 300_000));     // 30 slices on: gone
    }

    [Fact]
    public void A_reused_slice_starts_empty()
    {
        var bins = new SlidingBins(1, Window);
        bins.Add(T0, [4]);

        bins.Add(T0 + 300_000, [1]); // the same position in the ring, one window later

        Assert.Equal([1L], bins.Total(T0 + 300_000));
    }

    [Fact]
    public void Counts_a_whole_window_behind_the_newest_slice_are_dropped_rather_than_erasing_it()
    {
        var bins = new SlidingBins(1, Window);
        bins.Add(T0 + 300_000, [3]);

        bins.Add(T0, [9]);

        Assert.Equal([3L], bins.Total(T0 + 300_000));
    }

    [Fact]
    public void Extra_entries_beyond_the_bins_are_ignored()
    {
        var bins = new SlidingBins(2, Window);

        bins.Add(T0, [1, 1, 1]);

        Assert.Equal([1L, 1], bins.Total(T0));
    }

    [Fact]
    public void Psi_of_a_window_that_moved_on_from_a_shift_returns_to_zero()
    {
        long[] reference = [50, 50];
        var bins = new SlidingBins(2, Window);
        bins.Add(T0, [100, 0]);        // shifted traffic
        bins.Add(T0 + 200_000, [50, 50]); // steady again

        Assert.True(ReportMath.Psi(reference, bins.Total(T0 + 200_000)) >= 0.25);
        Assert.Equal(0, ReportMath.Psi(reference, bins.Total(T0 + 400_000)), 9);
    }
}
