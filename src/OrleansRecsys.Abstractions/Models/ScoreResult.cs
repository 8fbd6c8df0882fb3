namespace OrleansRecsys;

/// <summary>Scores for a batch of rows, or the reason there are none (errors are values on the request path).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ScoreResult")]
public sealed record ScoreResult([Id(0)] float[]? Scores, [Id(1)] string? Error);
