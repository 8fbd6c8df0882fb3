namespace OrleansRecsys.Grains.Models;

/// <summary>The names of all registered models (key 0).</summary>
internal sealed class ModelIndexGrain(
    [PersistentState(StateNames.Registry + "-index", StorageNames.Recsys)] IPersistentState<ModelIndexState> state)
    : Grain, IModelIndexGrain
{
    public async Task AddAsync(string model)
    {
        if (state.State.Models.Add(model))
        {
            await state.WriteStateAsync();
        }
    }

    public ValueTask<string[]> ListAsync() => ValueTask.FromResult(state.State.Models.ToArray());
}
