using OrleansRecsys.Features.State;

namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>The batch for the feature grain of one user or item (<paramref name="Id"/> is the grain key).</summary>
[GenerateSerializer, Immutable, Alias("recsys.EntityBatch")]
internal sealed record EntityBatch([Id(0)] string Id, [Id(1)] ApplyBatch Batch);
