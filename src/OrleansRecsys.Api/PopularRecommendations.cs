namespace OrleansRecsys.Api;

/// <summary>
/// GET /v1/recommendations without a user: the most popular items of <see cref="Segment"/> (<c>global</c> or
/// <c>category:NAME</c>), best first, from the list as this process read it at <see cref="AsOf"/> (cached, refreshed on
/// an interval; an item's score is its decayed popularity then).
/// </summary>
public sealed record PopularRecommendations(string Segment, DateTimeOffset AsOf, RankedItem[] Items);
