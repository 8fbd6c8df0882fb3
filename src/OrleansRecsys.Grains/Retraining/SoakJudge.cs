using System.Globalization;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The decision rule at the end of a canary's soak. After <see cref="RetrainingPolicy.SoakSeconds"/>, once each arm has
/// <see cref="RetrainingPolicy.MinImpressions"/> attributed impressions since the soak began, the canary is promoted when
/// the 95 % interval of its CTR minus the stable's (over the same time) lies above −<see cref="RetrainingPolicy.HarmMargin"/>:
/// the data rule out a drop larger than the margin. Otherwise it is rolled back. A canary that has not gathered its
/// minimum by twice the soak is rolled back too: no evidence of no harm is not evidence of none.
/// </summary>
internal static class SoakJudge
{
    public static SoakVerdict Decide(RetrainingPolicy policy, TimeSpan soaked, (long Clicks, long Impressions) canary, (long Clicks, long Impressions) stable)
    {
        var soak = TimeSpan.FromSeconds(policy.SoakSeconds);
        if (soaked < soak)
        {
            return SoakVerdict.Wait;
        }

        if (canary.Impressions < policy.MinImpressions || stable.Impressions < policy.MinImpressions)
        {
            return soaked < 2 * soak ? SoakVerdict.Wait : new SoakVerdict(true, false, Invariant(
                $"insufficient evidence after {soaked.TotalSeconds:F0} s: canary {canary.Impressions} and stable {stable.Impressions} impressions, {policy.MinImpressions} needed each"), null);
        }

        var difference = ReportMath.Difference(canary.Clicks, canary.Impressions, stable.Clicks, stable.Impressions);
        var described = Invariant($"CTR difference {difference.Value:+0.0000;-0.0000} [{difference.Low:+0.0000;-0.0000}, {difference.High:+0.0000;-0.0000}] over {canary.Impressions} canary and {stable.Impressions} stable impressions");
        return difference.Low >= -policy.HarmMargin
            ? new SoakVerdict(true, true, Invariant($"{described} rules out a drop beyond {policy.HarmMargin}"), difference)
            : new SoakVerdict(true, false, Invariant($"{described} does not rule out a drop beyond {policy.HarmMargin}"), difference);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
