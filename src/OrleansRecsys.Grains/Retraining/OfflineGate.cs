using static System.FormattableString;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The offline gate: on the held-out history, the candidate's mean AUC may be below the stable's by at most
/// <see cref="RetrainingPolicy.GateMargin"/>, over at least <see cref="RetrainingPolicy.MinHoldoutCases"/> cases.
/// </summary>
internal static class OfflineGate
{
    public static (bool Passed, string Reason) Judge(RetrainingPolicy policy, GateMeasure measure)
    {
        var described = Invariant(
            $"hold-out AUC {measure.CandidateAuc:F4} against the stable's {measure.StableAuc:F4} (difference {measure.CandidateAuc - measure.StableAuc:+0.0000;-0.0000}, 95 % [{measure.DifferenceLow:+0.0000;-0.0000}, {measure.DifferenceHigh:+0.0000;-0.0000}]) on {measure.Cases} cases");
        if (measure.Cases < policy.MinHoldoutCases)
        {
            return (false, Invariant($"too few hold-out cases: {measure.Cases}, {policy.MinHoldoutCases} needed"));
        }

        return measure.CandidateAuc - measure.StableAuc >= -policy.GateMargin
            ? (true, Invariant($"gate passed: {described}, margin {policy.GateMargin}"))
            : (false, Invariant($"gated out: {described} is worse than the margin {policy.GateMargin} allows"));
    }
}
