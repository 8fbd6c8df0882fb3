namespace OrleansRecsys;

/// <summary>
/// Recommendations with their provenance: <see cref="Source"/> (<see cref="RecommendationSources"/>) and
/// <see cref="Reason"/> (<see cref="RecommendationReasons"/>); <see cref="ComputedAt"/> and <see cref="RunId"/> for a
/// precomputed answer; <see cref="Fallback"/> and <see cref="FallbackReason"/> when the online path fell back
/// (as in <see cref="RankResponse"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.RecommendationsResponse")]
public sealed record RecommendationsResponse(
    [Id(0)] string UserId,
    [Id(1)] string Source,
    [Id(2)] string Reason,
    [Id(3)] string Model,
    [Id(4)] string? Version,
    [Id(5)] DateTimeOffset? ComputedAt,
    [Id(6)] string? RunId,
    [Id(7)] bool Fallback,
    [Id(8)] string? FallbackReason,
    [Id(9)] RankedItem[] Items);
