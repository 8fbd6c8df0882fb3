namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// What scoring one request's candidates produced: the scores, or the reason the popularity baseline answers
/// instead, and the time spent inside the model's scorer. Also what the prediction log records: the feature names and,
/// for a sample of requests, the scored rows (a pooled copy the prediction sink returns). When the request asked for an
/// explanation, <see cref="ExplainedRows"/> is another pooled copy of the rows, which <see cref="RankExplainer"/> returns.
/// </summary>
internal sealed record ScoringResult(float[]? Scores, string? FallbackReason, string[] FeatureNames, float[]? LoggedRows, double ScorerMs = 0,
    float[]? ExplainedRows = null)
{
    /// <summary>The fallback is the model version's own doing (its error, or a deadline it used up itself): what its
    /// circuit breaker counts against it. A slow feature read or a caller's short deadline is not.</summary>
    public bool ModelAtFault { get; init; }

    public static ScoringResult Scored(float[] scores, string[] featureNames, float[]? loggedRows, double scorerMs, float[]? explainedRows = null) =>
        new(scores, null, featureNames, loggedRows, scorerMs, explainedRows);

    public static ScoringResult Fallback(string reason, string[]? featureNames = null) => new(null, reason, featureNames ?? [], null);
}
