namespace OrleansRecsys.Api;

/// <summary>
/// GET /v1/recommendations/{userId} and gRPC <c>GetRecommendations</c> as the caller gave them, before defaults: an absent
/// value is null, so <see cref="ServingCalls"/> checks and defaults both doors alike. <see cref="Category"/> picks the
/// popular list a user without history is served.
/// </summary>
public sealed record RecommendationsQuery(string? UserId, int? K, string? Model, int? MaxAgeSeconds, int? DeadlineMs, string? Category);
