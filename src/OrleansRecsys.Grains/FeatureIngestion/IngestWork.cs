namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>
/// One consumed batch for the ingestion worker, grouped per grain: item batches are applied first (they answer
/// with categories), then user batches, whose events the worker enriches with those categories.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.IngestWork")]
internal sealed record IngestWork([Id(0)] EntityBatch[] Items, [Id(1)] EntityBatch[] Users);
