namespace OrleansRecsys.Features.State;

/// <summary>
/// One event as a grain applies it: where it came from (topic/partition and offset) and what it is.
/// Exactly one of <see cref="Interaction"/> and <see cref="Upsert"/> is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.SourcedEvent")]
public sealed record SourcedEvent([Id(0)] string Source, [Id(1)] long Offset, [Id(2)] Interaction? Interaction, [Id(3)] ItemUpsert? Upsert);
