namespace OrleansRecsys.Grains.Models;

/// <summary>The persisted versions of one model, by version.</summary>
[GenerateSerializer, Alias("recsys.ModelRegistryState")]
internal sealed class ModelRegistryState
{
    [Id(0)] public Dictionary<string, ModelVersionInfo> Versions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A new state in which <paramref name="info"/> is its version's entry.</summary>
    public ModelRegistryState With(ModelVersionInfo info) =>
        new() { Versions = new Dictionary<string, ModelVersionInfo>(Versions, StringComparer.Ordinal) { [info.Manifest.Version!] = info } };
}
