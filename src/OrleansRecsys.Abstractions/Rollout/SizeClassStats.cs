namespace OrleansRecsys;

/// <summary>
/// Judged requests of one version in one request-size class (by candidate count): how many, how many the model failed
/// (errors), how many fell back for a reason the model is answerable for, and a sample of the model's scoring time per
/// candidate row (µs) of the requests it scored.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.SizeClassStats")]
public sealed record SizeClassStats([Id(0)] int SizeClass, [Id(1)] long Requests, [Id(2)] long Errors, [Id(3)] long Fallbacks, [Id(4)] double[] ScoreUsPerRow);
