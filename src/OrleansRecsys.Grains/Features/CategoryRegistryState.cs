namespace OrleansRecsys.Grains.Features;

/// <summary>Persisted state of <see cref="ICategoryRegistryGrain"/>: every category seen, up to its capacity.</summary>
[GenerateSerializer, Alias("recsys.CategoryRegistryState")]
internal sealed class CategoryRegistryState
{
    [Id(0)] public HashSet<string> Categories { get; set; } = [];
}
