namespace OrleansRecsys;

[GenerateSerializer, Immutable, Alias("recsys.ModelVersionInfo")]
public sealed record ModelVersionInfo([Id(0)] ModelManifest Manifest, [Id(1)] ModelStatus Status, [Id(2)] DateTimeOffset RegisteredAt, [Id(3)] string RegisteredBy, [Id(4)] long SizeBytes);
