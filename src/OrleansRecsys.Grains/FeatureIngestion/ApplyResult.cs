namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// What a feature grain did with a batch: events applied and skipped as duplicates, whether it refused the batch
/// because its state is behind the consumer (<see cref="LostState"/>), and for items the category and popularity
/// that ingestion uses to enrich user events and maintain popularity indexes.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ApplyResult")]
internal sealed record ApplyResult([Id(0)] int Applied, [Id(1)] int Duplicates, [Id(2)] bool LostState, [Id(3)] string? Category, [Id(4)] double Popularity, [Id(5)] AttributedEvent[]? Attributed = null);
