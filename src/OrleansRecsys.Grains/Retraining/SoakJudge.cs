using OrleansRecsys.Grains.Monitoring;
using static System.FormattableString;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// When a canary's soak starts counting, and the decision rule at its end. Counting starts once the canary has served
/// for <see cref="SettleShareOfSoak"/> of the soak (<see cref="ReadyToCount"/>). After <see cref="RetrainingPolicy.SoakSeconds"/>, once each arm has
/// <see cref="RetrainingPolicy.MinImpressions"/> attributed impressions since the soak began, the canary is promoted when
/// the 95 % interval of its CTR minus the stable's (over the same time) lies above −<see cref="RetrainingPolicy.HarmMargin"/>:
/// the data rule out a drop larger than the margin. Otherwise it is rolled back. A canary that has not gathered its
/// minimum by twice the soak is rolled back too: no evidence of no harm is not evidence of none.
/// </summary>
internal static class SoakJudge
{
    /// <summary>
    /// The share of the soak the canary serves before the count starts. Clicks reach the monitor later than the
    /// impressions they follow (users click after they see; ingestion delivers outcomes at its checkpoints), so the
    /// clicks still in flight when the count starts belong to impressions served before it: by the stable alone, before
    /// the canary took its share and while it warmed up. Counting at once credits those clicks to the stable and makes
    /// a harmless canary look worse; after the settle, the clicks in flight come from impressions split as the arms are.
    /// </summary>
    public const double SettleShareOfSoak = 0.25;

    /// <summary>True once the canary, set <paramref name="sinceCanarySet"/> ago, has served and has served for the settle.</summary>
    public static bool ReadyToCount(RetrainingPolicy policy, TimeSpan sinceCanarySet, long canaryImpressions) =>
        canaryImpressions > 0 && sinceCanarySet >= TimeSpan.FromSeconds(policy.SoakSeconds * SettleShareOfSoak);

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
}
