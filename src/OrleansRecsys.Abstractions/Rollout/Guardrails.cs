namespace OrleansRecsys;

/// <summary>
/// The limits a canary is judged by, always against the stable on the same measure and the same request sizes (docs/product-guide.md):
/// the canary's error and fallback rates may exceed the stable's by at most the deltas, and its model scoring time per
/// candidate row may be at most <see cref="MaxScoreTimeRatio"/> times (and <see cref="MaxScoreTimeDeltaUs"/> µs above) the stable's.
/// Nothing is judged before each arm has <see cref="MinRequests"/> comparable requests. A threshold of 0 turns a
/// scoring-time check off.
/// </summary>
/// <remarks>Id 2 was an absolute whole-request p99 bound; it is not reused, so stored plans that carry it still load.</remarks>
[GenerateSerializer, Immutable, Alias("recsys.Guardrails")]
public sealed record Guardrails(
    [Id(0)] int MinRequests = 100,
    [Id(1)] double MaxErrorRateDelta = 0.02,
    [Id(3)] double MaxFallbackRateDelta = 0.05,
    [Id(4)] double MaxScoreTimeRatio = 2.0,
    [Id(5)] double MaxScoreTimeDeltaUs = 0);
