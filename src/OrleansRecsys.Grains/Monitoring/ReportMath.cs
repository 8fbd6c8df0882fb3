namespace OrleansRecsys.Grains.Monitoring;

/// <summary>Statistics of the model report, as plain functions (unit-tested without a cluster).</summary>
internal static class ReportMath
{
    private const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval (95%) of a proportion.</summary>
    public static Interval Wilson(long successes, long trials)
    {
        if (trials <= 0)
        {
            return new Interval(0, 0, 0);
        }

        var p = (double)successes / trials;
        var z2 = Z95 * Z95;
        var denominator = 1 + (z2 / trials);
        var centre = (p + (z2 / (2 * trials))) / denominator;
        var half = Z95 * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials))) / denominator;
        return new Interval(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Difference of two proportions (a − b) with a 95% Wald interval.</summary>
    public static Interval Difference(long successesA, long trialsA, long successesB, long trialsB)
    {
        if (trialsA <= 0 || trialsB <= 0)
        {
            return new Interval(0, 0, 0);
        }

        var pa = (double)successesA / trialsA;
        var pb = (double)successesB / trialsB;
        var se = Math.Sqrt((pa * (1 - pa) / trialsA) + (pb * (1 - pb) / trialsB));
        return new Interval(pa - pb, pa - pb - (Z95 * se), pa - pb + (Z95 * se));
    }

    /// <summary>Population stability index Σ (a − e)·ln(a / e) over bin proportions (empty bins smoothed).</summary>
    public static double Psi(long[] expected, long[] actual)
    {
        if (expected.Length != actual.Length || expected.Length == 0)
        {
            return double.NaN;
        }

        double te = expected.Sum(), ta = actual.Sum();
        if (te <= 0 || ta <= 0)
        {
            return double.NaN;
        }

        const double eps = 1e-4;
        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Max(expected[i] / te, eps);
            var a = Math.Max(actual[i] / ta, eps);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>Kolmogorov–Smirnov distance between two binned distributions (max CDF gap at the bin edges).</summary>
    public static double Ks(long[] expected, long[] actual)
    {
        double te = expected.Sum(), ta = actual.Sum();
        if (te <= 0 || ta <= 0 || expected.Length != actual.Length)
        {
            return double.NaN;
        }

        double ce = 0, ca = 0, max = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            ce += expected[i] / te;
            ca += actual[i] / ta;
            max = Math.Max(max, Math.Abs(ce - ca));
        }

        return max;
    }

    /// <summary>The p-quantile (0..1) of a sample by nearest rank. Sorts <paramref name="values"/> in place.</summary>
    public static double Quantile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(p * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }

    /// <summary>The report's drift level of a PSI: below 0.1 none, below 0.25 moderate, else significant.</summary>
    public static string PsiLevel(double psi) => psi >= 0.25 ? "significant" : psi >= 0.1 ? "moderate" : "none";

    /// <summary>Bin index for reference edges: values ≤ edges[0] go to bin 0, values above the last edge to the last bin.</summary>
    public static int BinOf(double[] edges, double value)
    {
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var mid = (low + high) >> 1;
            if (value <= edges[mid])
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }
}
