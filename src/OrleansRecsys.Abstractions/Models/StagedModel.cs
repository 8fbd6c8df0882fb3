namespace OrleansRecsys;

/// <summary>
/// A model file written into the model store's staging folder by an upload (<see cref="IModelUploadGrain"/>): what
/// crosses grain calls instead of the bytes. <see cref="Sha256"/> (lowercase hex) and <see cref="SizeBytes"/> were
/// measured as the file was written.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.StagedModel")]
public sealed record StagedModel([Id(0)] Guid Upload, [Id(1)] string Sha256, [Id(2)] long SizeBytes);
