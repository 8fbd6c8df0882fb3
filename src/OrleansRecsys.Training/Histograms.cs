namespace OrleansRecsys.Training;

/// <summary>Reference histograms for drift: quantile bin edges from the training data and the counts in each bin.</summary>
public static class Histograms
{
    public static Histogram FromSample(IReadOnlyList<double> values, int bins = 10)
    {
        if (values.Count == 0)
        {
            return new Histogram([], [0]);
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var edges = new List<double>();
        for (var b = 1; b < bins; b++)
        {
            var e = sorted[(int)((long)b * (sorted.Length - 1) / bins)];
            if (edges.Count == 0 || e > edges[^1])
            {
                edges.Add(e);
            }
        }

        var counts = new long[edges.Count + 1];
        foreach (var v in values)
        {
            counts[BinOf(edges, v)]++;
        }

        return new Histogram(edges.ToArray(), counts);
    }

    /// <summary>Bin index: values ≤ edges[0] go to bin 0, values > the last edge to the last bin.</summary>
    public static int BinOf(IReadOnlyList<double> edges, double v)
    {
        int lo = 0, hi = edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (v <= edges[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
