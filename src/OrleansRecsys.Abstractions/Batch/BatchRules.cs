namespace OrleansRecsys;

/// <summary>
/// The input rules of batch runs and of precomputed recommendations, shared by every front door (like
/// <see cref="RequestRules"/>): the first broken rule in field order, or null. Fields are named as in the JSON API.
/// </summary>
public static class BatchRules
{
    /// <summary>The longest freshness bound a request may ask for: 7 days.</summary>
    public const int MaxAgeSecondsLimit = 7 * 24 * 3600;

    /// <summary>POST /v1/batch/runs: optional model, k (1..200) and segment (<see cref="BatchSegment"/>).</summary>
    public static RuleViolation? Run(string? model, int? k, string? segment) =>
        RequestRules.Model(model) ?? RequestRules.K(k) ?? Segment(segment);

    /// <summary>GET /v1/recommendations/{userId}: userId, optional k (1..200), model, maxAgeSeconds (1..<see cref="MaxAgeSecondsLimit"/>)
    /// and category (an id, 1..128 characters).</summary>
    public static RuleViolation? Recommendations(string? userId, int? k, string? model, int? maxAgeSeconds, string? category = null) =>
        RequestRules.Id(userId, "userId") ?? RequestRules.K(k) ?? RequestRules.Model(model)
        ?? MaxAge(maxAgeSeconds) ?? (category is null ? null : RequestRules.Id(category, "category"));

    private static RuleViolation? MaxAge(int? maxAgeSeconds) =>
        maxAgeSeconds is null or (>= 1 and <= MaxAgeSecondsLimit) ? null : new RuleViolation("maxAgeSeconds", $"maxAgeSeconds must be 1..{MaxAgeSecondsLimit}");

    /// <summary>An optional segment: absent (<see cref="BatchSegment.Default"/>) or one <see cref="BatchSegment.Window"/> reads.</summary>
    public static RuleViolation? Segment(string? segment) =>
        segment is null || BatchSegment.Window(segment) is not null ? null : new RuleViolation("segment", $"segment must be {BatchSegment.Description}");

    /// <summary>A run id from a route: <c>{model}-run-{n}</c>.</summary>
    public static RuleViolation? RunId(string? runId) =>
        BatchRunIds.TryParse(runId, out _, out _) ? null : new RuleViolation("id", "id must be a run id, {model}-run-{n}");
}
