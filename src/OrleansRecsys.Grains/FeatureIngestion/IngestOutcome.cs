namespace OrleansRecsys.Grains.FeatureIngestion;

/// <summary>The apply results of one <see cref="IngestWork"/>, in the order of its item and user batches.</summary>
[GenerateSerializer, Immutable, Alias("recsys.IngestOutcome")]
internal sealed record IngestOutcome([Id(0)] ApplyResult[] Items, [Id(1)] ApplyResult[] Users);
