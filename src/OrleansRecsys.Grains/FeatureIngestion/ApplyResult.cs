using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// What a feature grain did with a batch: events applied and skipped as duplicates, whether it refused the batch
/// because its state is behind the consumer (<see cref="LostState"/>), and for items the category and popularity
/// that ingestion uses to enrich user events and maintain popularity indexes. A user grain also answers its
/// <see cref="Verdicts"/> (one per event of the batch), which decide what its events' item grains count, and per applied
/// event the <see cref="CoItems"/> its item counts as co-visits (null where there are none).
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ApplyResult")]
internal sealed record ApplyResult([Id(0)] int Applied, [Id(1)] int Duplicates, [Id(2)] bool LostState, [Id(3)] string? Category, [Id(4)] double Popularity, [Id(5)] AttributedEvent[]? Attributed = null, [Id(6)] EventVerdict[]? Verdicts = null, [Id(7)] string[]?[]? CoItems = null);
