namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/batch/runs; every field is optional (model <c>ranker</c>, k 50, segment <c>active-24h</c>).</summary>
public sealed record BatchRunBody(string? Model, int? K, string? Segment);
