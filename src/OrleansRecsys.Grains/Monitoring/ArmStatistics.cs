namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// Each arm of an experiment against the stable version, as plain functions (unit-tested without a cluster). Every arm's
/// CTR difference is tested two-sided with the z statistic of <see cref="ReportMath.Difference"/> (unpooled standard
/// error, so a p-value below 0.05 is exactly an interval that excludes 0), and the p-values are corrected with
/// Holm–Bonferroni over the family of arms that could be tested (the arm and the stable both have impressions), at a
/// family-wise <see cref="ArmVerdicts.Alpha"/> of 0.05.
/// </summary>
internal static class ArmStatistics
{
    public static ArmComparison[] Compare(IReadOnlyList<ArmSample> arms, long stableClicks, long stableImpressions)
    {
        var tested = new List<int>();
        var pValues = new List<double>();
        for (var i = 0; i < arms.Count; i++)
        {
            if (arms[i].Impressions > 0 && stableImpressions > 0)
            {
                tested.Add(i);
                pValues.Add(PValue(arms[i].Clicks, arms[i].Impressions, stableClicks, stableImpressions));
            }
        }

        var adjusted = Holm(pValues);
        var comparisons = new ArmComparison[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var k = tested.IndexOf(i);
            comparisons[i] = k < 0 ? Untested(arms[i]) : Tested(arms[i], stableClicks, stableImpressions, pValues[k], adjusted[k]);
        }

        return comparisons;
    }

    private static ArmComparison Untested(ArmSample arm) =>
        new(arm.Version, arm.Weight, arm.Impressions, arm.Clicks, ReportMath.Wilson(arm.Clicks, arm.Impressions), null, 1, 1,
            ArmVerdicts.InsufficientData, arm.Guardrails);

    private static ArmComparison Tested(ArmSample arm, long stableClicks, long stableImpressions, double p, double adjusted)
    {
        var difference = ReportMath.Difference(arm.Clicks, arm.Impressions, stableClicks, stableImpressions);
        var verdict = adjusted > ArmVerdicts.Alpha ? ArmVerdicts.NoSignificantDifference
            : difference.Value > 0 ? ArmVerdicts.Better : ArmVerdicts.Worse;
        return new ArmComparison(arm.Version, arm.Weight, arm.Impressions, arm.Clicks, ReportMath.Wilson(arm.Clicks, arm.Impressions), difference, p, adjusted,
            verdict, arm.Guardrails);
    }

    /// <summary>Two-sided p-value of the difference of two proportions (a − b), z-test with the unpooled standard error.</summary>
    public static double PValue(long successesA, long trialsA, long successesB, long trialsB)
    {
        if (trialsA <= 0 || trialsB <= 0)
        {
            return 1;
        }

        var pa = (double)successesA / trialsA;
        var pb = (double)successesB / trialsB;
        var se = Math.Sqrt((pa * (1 - pa) / trialsA) + (pb * (1 - pb) / trialsB));
        if (se == 0)
        {
            // Both sides all clicks or all misses: the same rate is no evidence, different ones are certain.
            return pa == pb ? 1 : 0;
        }

        return Math.Min(1, Erfc(Math.Abs(pa - pb) / se / Math.Sqrt(2)));
    }

    /// <summary>
    /// Holm–Bonferroni adjusted p-values, in the order given: sorted ascending, the k-th smallest (from 0) is multiplied by
    /// m − k, capped at 1, and never below the adjusted value before it. Rejecting where the adjusted value is ≤ α keeps
    /// the family-wise error rate at α.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var floor = 0.0;
        for (var k = 0; k < m; k++)
        {
            var i = order[k];
            floor = Math.Max(floor, Math.Min(1, (m - k) * pValues[i]));
            adjusted[i] = floor;
        }

        return adjusted;
    }

    /// <summary>
    /// The complementary error function. Below 3 it is 1 − erf(x) from the series erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)),
    /// whose terms are all positive (no cancellation); from 3 on, the continued fraction
    /// erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated from a fixed depth.
    /// Both agree with tabulated values to better than 1e-10 relative.
    /// </summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 3)
        {
            double term = x, sum = x;
            for (var n = 1; n < 200 && term > sum * 1e-17; n++)
            {
                term *= 2 * x * x / ((2 * n) + 1);
                sum += term;
            }

            return 1 - (2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum);
        }

        var fraction = x;
        for (var k = 80; k >= 1; k--)
        {
            fraction = x + (k / 2.0 / fraction);
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }
}
