namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.ModelVersionInfo")]
public sealed record ModelVersionInfo(ModelManifest Manifest, ModelStatus Status, DateTimeOffset RegisteredAt, string RegisteredBy, long SizeBytes);
