namespace OrleansRecsys.Grains.Retraining;

/// <summary>The offline comparison: each version's mean AUC over the same held-out cases, and the 95 % interval of the
/// paired difference (candidate minus stable).</summary>
public sealed record GateMeasure(double CandidateAuc, double StableAuc, double DifferenceLow, double DifferenceHigh, int Cases);
