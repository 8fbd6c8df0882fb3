namespace OrleansRecsys;

/// <summary>
/// The item categories the grid has seen (one activation, key 0), so that ingestion can count a category that appears for
/// the first time as a schema change. Bounded: past <c>CategoryRegistryGrain.Capacity</c> categories, new ones are
/// neither remembered nor counted.
/// </summary>
[Alias("recsys.ICategoryRegistryGrain")]
public interface ICategoryRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Remembers <paramref name="categories"/> (durably, before answering) and says how many of them it had never seen.</summary>
    [Alias("Admit")] Task<int> AdmitAsync(string[] categories);
}
