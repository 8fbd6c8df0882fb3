namespace OrleansRecsys.Features.State;

/// <summary>
/// One event as a grain applies it: where it came from (topic/partition and offset) and what it is.
/// Exactly one of <see cref="Interaction"/> and <see cref="Upsert"/> is set. <see cref="CoItems"/>, on an interaction
/// sent to its item, holds the items its user interacted with shortly before (decided by the user grain), which the item
/// counts as co-visits when, and only when, it counts the event.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.SourcedEvent")]
public sealed record SourcedEvent([Id(0)] string Source, [Id(1)] long Offset, [Id(2)] Interaction? Interaction, [Id(3)] ItemUpsert? Upsert,
    [Id(4)] string[]? CoItems = null);
