namespace OrleansRecsys;

/// <summary>
/// What to backfill: the features catalogue <see cref="Version"/> added (the running version when null), from the
/// interactions the log holds between <see cref="From"/> and <see cref="To"/> (by message time; the log's start and the
/// moment the backfill starts when null).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.BackfillRequest")]
public sealed record BackfillRequest([Id(0)] int? Version, [Id(1)] DateTimeOffset? From, [Id(2)] DateTimeOffset? To, [Id(3)] string Who);
