using OrleansRecsys.Grains.Monitoring;
using static System.FormattableString;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// Judges a canary against its stable, as plain functions (unit-tested without a cluster). Both arms are compared on the
/// same measures and only within request-size classes both served: error and fallback rates as canary minus stable
/// (the stable's rates weighted by the canary's mix of sizes), and the model's scoring time per candidate row as the
/// canary's median over the stable's (and minus it), per class, weighted by the canary's scored requests. A class counts
/// only when the stable has <see cref="MinStablePerClass"/> requests in it, and no verdict is given before each arm has
/// the plan's minimum of compared requests.
/// </summary>
internal static class GuardrailJudge
{
    /// <summary>A size class is compared only when the stable served at least this many requests of it.</summary>
    public const int MinStablePerClass = 10;

    public static GuardrailReport Judge(Guardrails g, (string Version, ArmTotals Totals) canary, (string Version, ArmTotals Totals) stable, int windowSeconds)
    {
        var c = Compare(canary.Totals, stable.Totals);
        var ratesJudged = c.RatesJudged(g.MinRequests);
        var timesJudged = c.ScoreTimesJudged(g.MinRequests);
        var canaryArm = new GuardrailArm(canary.Version, canary.Totals.TotalRequests, canary.Totals.WarmUp, c.CanaryRequests,
            c.CanaryErrorRate, c.CanaryFallbackRate, c.CanaryScored, c.CanaryScored > 0 ? c.CanaryUsPerRow : null);
        var stableArm = new GuardrailArm(stable.Version, stable.Totals.TotalRequests, stable.Totals.WarmUp, c.StableRequests,
            c.StableErrorRate, c.StableFallbackRate, c.StableScored, c.StableScored > 0 ? c.StableUsPerRow : null);
        var (verdict, reason) = Verdict(g, c, ratesJudged, timesJudged);
        return new GuardrailReport(verdict, reason, canaryArm, stableArm,
            ratesJudged ? c.ErrorRateDelta : null, ratesJudged ? c.FallbackRateDelta : null,
            timesJudged ? c.ScoreTimeRatio : null, timesJudged ? c.ScoreTimeDeltaUs : null, g, windowSeconds);
    }

    /// <summary>A breach of any judged measure wins; otherwise within bounds only once every measure has its sample.</summary>
    private static (string Verdict, string Reason) Verdict(Guardrails g, GuardrailComparison c, bool ratesJudged, bool timesJudged)
    {
        if (ratesJudged && Breach(g, c) is { } rateBreach)
        {
            return (GuardrailVerdicts.Breach, rateBreach);
        }

        if (timesJudged && ScoreTimeBreach(g, c) is { } timeBreach)
        {
            return (GuardrailVerdicts.Breach, timeBreach);
        }

        if (!ratesJudged)
        {
            return (GuardrailVerdicts.InsufficientSample, Invariant(
                $"insufficient sample: {c.CanaryRequests} comparable requests on the canary and {c.StableRequests} on the stable; {g.MinRequests} needed on each"));
        }

        if (!timesJudged)
        {
            return (GuardrailVerdicts.InsufficientSample, Invariant(
                $"insufficient sample for scoring time: {c.CanaryScored} comparable scored requests on the canary and {c.StableScored} on the stable; {g.MinRequests} needed on each"));
        }

        return (GuardrailVerdicts.WithinBounds, Invariant($"within bounds over {c.CanaryRequests} canary and {c.StableRequests} stable requests"));
    }

    private static string? Breach(Guardrails g, GuardrailComparison c)
    {
        var over = Invariant($"over {c.CanaryRequests} canary and {c.StableRequests} stable requests");
        if (c.ErrorRateDelta > g.MaxErrorRateDelta)
        {
            return Invariant($"error rate {c.CanaryErrorRate * 100:F1}% on the canary vs {c.StableErrorRate * 100:F1}% on the stable at the same request sizes: ")
                + Invariant($"+{c.ErrorRateDelta * 100:F1} points > {g.MaxErrorRateDelta * 100:F1} {over}");
        }

        return c.FallbackRateDelta > g.MaxFallbackRateDelta
            ? Invariant($"fallback rate {c.CanaryFallbackRate * 100:F1}% on the canary vs {c.StableFallbackRate * 100:F1}% on the stable at the same request sizes: ")
                + Invariant($"+{c.FallbackRateDelta * 100:F1} points > {g.MaxFallbackRateDelta * 100:F1} {over}")
            : null;
    }

    private static string? ScoreTimeBreach(Guardrails g, GuardrailComparison c)
    {
        var measured = Invariant($"({c.CanaryUsPerRow:F2} µs vs {c.StableUsPerRow:F2} µs, medians at the same request sizes)");
        var over = Invariant($"over {c.CanaryScored} canary and {c.StableScored} stable scored requests");
        if (g.MaxScoreTimeRatio > 0 && c.ScoreTimeRatio > g.MaxScoreTimeRatio)
        {
            return Invariant($"scoring time per row {c.ScoreTimeRatio:F2}× the stable's {measured} > {g.MaxScoreTimeRatio:F2}× {over}");
        }

        return g.MaxScoreTimeDeltaUs > 0 && c.ScoreTimeDeltaUs > g.MaxScoreTimeDeltaUs
            ? Invariant($"scoring time per row {c.ScoreTimeDeltaUs:F2} µs above the stable's {measured} > {g.MaxScoreTimeDeltaUs:F2} µs {over}")
            : null;
    }

    /// <summary>Both arms over the size classes where the stable has enough requests (and scored requests) to compare with.</summary>
    public static GuardrailComparison Compare(ArmTotals canary, ArmTotals stable)
    {
        long canaryRequests = 0, stableRequests = 0, canaryScored = 0, stableScored = 0;
        double canaryErrors = 0, canaryFallbacks = 0, expectedErrors = 0, expectedFallbacks = 0;
        double canaryUs = 0, stableUs = 0, ratios = 0;
        for (var k = 0; k < RequestSizeClass.Count; k++)
        {
            var n = canary.Requests[k];
            if (n > 0 && stable.Requests[k] >= MinStablePerClass)
            {
                canaryRequests += n;
                stableRequests += stable.Requests[k];
                canaryErrors += canary.Errors[k];
                canaryFallbacks += canary.Fallbacks[k];
                expectedErrors += n * (double)stable.Errors[k] / stable.Requests[k];
                expectedFallbacks += n * (double)stable.Fallbacks[k] / stable.Requests[k];
            }

            var scored = canary.ScoreUsPerRow[k].Count;
            if (scored > 0 && stable.ScoreUsPerRow[k].Count >= MinStablePerClass)
            {
                var canaryMedian = ReportMath.Quantile(canary.ScoreUsPerRow[k], 0.5);
                var stableMedian = ReportMath.Quantile(stable.ScoreUsPerRow[k], 0.5);
                canaryScored += scored;
                stableScored += stable.ScoreUsPerRow[k].Count;
                canaryUs += scored * canaryMedian;
                stableUs += scored * stableMedian;
                // A timer tick (0.1 µs or less) is the floor, so a stable median of 0 cannot divide by zero.
                ratios += scored * canaryMedian / Math.Max(stableMedian, 1e-4);
            }
        }

        return new GuardrailComparison(canaryRequests, stableRequests, Rate(canaryErrors, canaryRequests), Rate(expectedErrors, canaryRequests),
            Rate(canaryFallbacks, canaryRequests), Rate(expectedFallbacks, canaryRequests), canaryScored, stableScored,
            Rate(canaryUs, canaryScored), Rate(stableUs, canaryScored), Rate(ratios, canaryScored));
    }

    private static double Rate(double sum, long count) => count == 0 ? 0 : sum / count;
}
