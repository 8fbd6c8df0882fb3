namespace OrleansRecsys.Api;

/// <summary>The JSON body of POST /v1/features/backfills; every field is optional (the running catalogue version, the
/// whole retained log up to now).</summary>
public sealed record BackfillBody(int? Version, DateTimeOffset? From, DateTimeOffset? To);
