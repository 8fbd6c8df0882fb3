namespace OrleansRecsys;

/// <summary>Top items by decayed popularity (key "global" or "category:{name}"), maintained incrementally by ingestion.</summary>
[Alias("recsys.IPopularityGrain")]
public interface IPopularityGrain : IGrainWithStringKey
{
    [Alias("Update")] Task UpdateAsync(PopularityEntry[] entries);
    [Alias("Top")] ValueTask<PopularityEntry[]> TopAsync(int n);
}
