namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// The canary against the stable over the size classes both served: the canary's requests and what it showed, and what
/// the stable would have shown for the same requests (its per-class rates and scoring times at the canary's mix of sizes).
/// </summary>
internal readonly record struct GuardrailComparison(
    long CanaryRequests,
    long StableRequests,
    double CanaryErrorRate,
    double StableErrorRate,
    double CanaryFallbackRate,
    double StableFallbackRate,
    long CanaryScored,
    long StableScored,
    double CanaryUsPerRow,
    double StableUsPerRow,
    double ScoreTimeRatio)
{
    public double ErrorRateDelta => CanaryErrorRate - StableErrorRate;

    public double FallbackRateDelta => CanaryFallbackRate - StableFallbackRate;

    public double ScoreTimeDeltaUs => CanaryUsPerRow - StableUsPerRow;

    public bool RatesJudged(int minRequests) => CanaryRequests >= minRequests && StableRequests >= minRequests;

    public bool ScoreTimesJudged(int minRequests) => CanaryScored >= minRequests && StableScored >= minRequests;
}
