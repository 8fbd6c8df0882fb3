namespace OrleansRecsys.Features.State;

/// <summary>
/// Replayed interactions for one grain, for the features catalogue version <see cref="Since"/> added. For items,
/// <see cref="Suppressed"/> (aligned with <see cref="Events"/>) marks the events their user judged not counted by live
/// ingestion (re-sent copies, events beyond the de-duplication horizon).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.BackfillBatch")]
public sealed record BackfillBatch([Id(0)] string BackfillId, [Id(1)] int Since, [Id(2)] SourcedEvent[] Events, [Id(3)] bool[]? Suppressed = null);
