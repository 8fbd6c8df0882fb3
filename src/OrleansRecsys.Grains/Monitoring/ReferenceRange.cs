namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// The values a model input took in training, as far as its reference histogram tells. The histogram keeps the deciles
/// as edges (the 10th percentile lowest, the 90th highest) but not the extremes, so the range is a fence around them:
/// the outer edges widened on each side by the distance between them. Ordinary tails stay inside (for a normal
/// distribution about 1 value in 8,000 falls outside, for an exponential one about 1 in 90); a value that lands
/// beyond the fence is one the model hardly saw in training.
/// </summary>
internal readonly record struct ReferenceRange(double Low, double High)
{
    /// <summary>The fence of <paramref name="histogram"/>, or null when it cannot tell a spread: no histogram, no edges,
    /// or all its deciles equal (a value that is nearly always the same says nothing about how far the rest may go).</summary>
    public static ReferenceRange? Of(Histogram? histogram)
    {
        if (histogram is null || histogram.Edges.Length < 2 || histogram.Counts.Length != histogram.Edges.Length + 1)
        {
            return null;
        }

        var (lowest, highest) = (histogram.Edges[0], histogram.Edges[^1]);
        var spread = highest - lowest;
        return double.IsFinite(spread) && spread > 0 ? new ReferenceRange(lowest - spread, highest + spread) : null;
    }

    public bool Contains(double value) => value >= Low && value <= High;
}
