namespace OrleansRecsys.Training.Evaluation;

/// <summary>A mean over cases with its 95 % confidence interval (normal approximation: mean ± 1.96 · s / √n).</summary>
public sealed record MeanInterval(double Mean, double Low, double High, int N)
{
    private const double Z95 = 1.959964;

    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            return new MeanInterval(0, 0, 0, 0);
        }

        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= n;
        if (n < 2)
        {
            return new MeanInterval(mean, mean, mean, n);
        }

        var squares = 0.0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        var halfWidth = Z95 * Math.Sqrt(squares / (n - 1) / n);
        return new MeanInterval(mean, mean - halfWidth, mean + halfWidth, n);
    }

    /// <summary>Per-case differences a − b of two rankers on the same cases (a paired comparison).</summary>
    public static MeanInterval Paired(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var differences = new double[a.Count];
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = a[i] - b[i];
        }

        return Of(differences);
    }

    /// <summary>The interval excludes zero: the difference is unlikely to be noise.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
