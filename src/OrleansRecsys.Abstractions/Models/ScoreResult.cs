namespace OrleansRecsys;

/// <summary>
/// Scores for a batch of rows, or the reason there are none (errors are values on the request path), and the time the
/// call spent inside the model's scorer (what guardrails compare per row, free of queueing and feature reads).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ScoreResult")]
public sealed record ScoreResult([Id(0)] float[]? Scores, [Id(1)] string? Error, [Id(2)] double ScorerMs = 0);
