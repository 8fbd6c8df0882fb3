namespace OrleansRecsys.Features.State;

/// <summary>How far back (event time) a user's event ids are remembered, and how many at most per user.</summary>
public readonly record struct Deduplication(long HorizonMs, int MaxEventIdsPerUser);
