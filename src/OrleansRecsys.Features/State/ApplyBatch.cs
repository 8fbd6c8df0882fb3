namespace OrleansRecsys.Features.State;

/// <summary>
/// A batch for one grain. <see cref="Expected"/> holds, per source, the highest offset this consumer already
/// applied to the grain since its last commit: a grain whose watermark is below it lost state (its silo died
/// before a flush) and must refuse the batch so the consumer rewinds. <see cref="Suppressed"/> (item batches only),
/// aligned with <see cref="Events"/>, marks interactions the user side decided must not count: they advance the
/// item's watermark and change nothing else.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ApplyBatch")]
public sealed record ApplyBatch([Id(0)] SourcedEvent[] Events, [Id(1)] Dictionary<string, long> Expected, [Id(2)] bool[]? Suppressed = null);
