namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/recommend; every field is nullable so that a missing one is a 400 naming it.
/// <see cref="Version"/> (admin only) pins the ranking to one version of the model.</summary>
public sealed record RecommendBody(string? UserId, int? K, string? Model, string[]? Exclude, int? DeadlineMs, string? Version = null);
