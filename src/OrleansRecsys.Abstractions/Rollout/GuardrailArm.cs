namespace OrleansRecsys;

/// <summary>
/// One arm (canary or stable) in the guardrail window. <see cref="Requests"/> were judged; <see cref="WarmUp"/> were not
/// (the first requests after the version loaded in a silo). <see cref="Compared"/> are the requests in size classes both
/// arms served, the sample the verdict uses; the rates and the scoring time are over them, for the stable at the
/// canary's mix of request sizes.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.GuardrailArm")]
public sealed record GuardrailArm(
    [Id(0)] string Version,
    [Id(1)] long Requests,
    [Id(2)] long WarmUp,
    [Id(3)] long Compared,
    [Id(4)] double ErrorRate,
    [Id(5)] double FallbackRate,
    [Id(6)] long ScoredCompared,
    [Id(7)] double? ScoreUsPerRow);
