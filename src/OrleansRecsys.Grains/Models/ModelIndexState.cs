namespace OrleansRecsys.Grains.Models;

/// <summary>The persisted names of all registered models.</summary>
[GenerateSerializer, Alias("recsys.ModelIndexState")]
internal sealed class ModelIndexState
{
    [Id(0)] public SortedSet<string> Models { get; set; } = new(StringComparer.Ordinal);
}
