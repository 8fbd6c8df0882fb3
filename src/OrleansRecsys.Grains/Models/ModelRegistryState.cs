namespace OrleansRecsys.Grains.Models;

/// <summary>The persisted versions of one model, by version.</summary>
[GenerateSerializer, Alias("recsys.ModelRegistryState")]
internal sealed class ModelRegistryState
{
    [Id(0)] public Dictionary<string, ModelVersionInfo> Versions { get; set; } = new(StringComparer.Ordinal);
}
