namespace OrleansRecsys.Grains.Models;

/// <summary>The persisted names of all registered models.</summary>
[GenerateSerializer, Alias("recsys.ModelIndexState")]
internal sealed class ModelIndexState
{
    [Id(0)] public SortedSet<string> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A new state that also names <paramref name="model"/>.</summary>
    public ModelIndexState With(string model) => new() { Models = new SortedSet<string>(Models, StringComparer.Ordinal) { model } };
}
