namespace OrleansRecsys;

/// <summary>
/// An online backfill as callers see it. <see cref="EventsTotal"/> is the number of log records in the range when it
/// started; <see cref="EventsRead"/> how many of them have been replayed and their grains' state written;
/// <see cref="UserUpdates"/> and <see cref="ItemUpdates"/> how many (event, entity) pairs computed the new features.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.BackfillStatus")]
public sealed record BackfillStatus(
    [Id(0)] string Id,
    [Id(1)] int Version,
    [Id(2)] string[] Features,
    [Id(3)] BackfillState State,
    [Id(4)] DateTimeOffset? From,
    [Id(5)] DateTimeOffset? To,
    [Id(6)] DateTimeOffset StartedAt,
    [Id(7)] DateTimeOffset? FinishedAt,
    [Id(8)] long EventsTotal,
    [Id(9)] long EventsRead,
    [Id(10)] long UserUpdates,
    [Id(11)] long ItemUpdates,
    [Id(12)] string Who,
    [Id(13)] string? Error);
