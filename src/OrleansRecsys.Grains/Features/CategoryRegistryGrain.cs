namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Remembers the item categories the grid has seen, so that a category is counted as new once in the grid's life, whichever
/// silo ingests it first and however often its events are replayed. Called only for categories a silo does not know yet.
/// </summary>
internal sealed class CategoryRegistryGrain(
    [PersistentState(StateNames.Categories, StorageNames.Recsys)] IPersistentState<CategoryRegistryState> state) : Grain, ICategoryRegistryGrain
{
    /// <summary>At most this many categories are remembered (a catalogue has tens to thousands); a producer that makes up
    /// categories cannot grow the state beyond it.</summary>
    public const int Capacity = 100_000;

    public async Task<int> AdmitAsync(string[] categories)
    {
        var known = state.State.Categories;
        var added = 0;
        foreach (var category in categories)
        {
            if (known.Count < Capacity && known.Add(category))
            {
                added++;
            }
        }

        if (added > 0)
        {
            await state.WriteStateAsync();
        }

        return added;
    }
}
