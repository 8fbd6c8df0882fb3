namespace OrleansRecsys;

/// <summary>A user seen by ingestion, with the time of their newest applied interaction (Unix ms).</summary>
[GenerateSerializer, Immutable, Alias("recsys.UserActivity")]
public sealed record UserActivity([Id(0)] string UserId, [Id(1)] long LastActiveMs);
