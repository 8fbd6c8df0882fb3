namespace OrleansRecsys;

/// <summary>Names of all registered models (singleton, key 0).</summary>
[Alias("recsys.IModelIndexGrain")]
public interface IModelIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task AddAsync(string model);
    [Alias("List")] ValueTask<string[]> ListAsync();
}
