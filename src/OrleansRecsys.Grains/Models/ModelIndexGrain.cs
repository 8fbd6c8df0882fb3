namespace OrleansRecsys.Grains.Models;

/// <summary>The names of all registered models (key 0).</summary>
internal sealed class ModelIndexGrain(
    [PersistentState(StateNames.Registry + "-index", StorageNames.Recsys)] IPersistentState<ModelIndexState> state)
    : Grain, IModelIndexGrain
{
    private readonly CommittedState<ModelIndexState> _state = new(state);

    public async Task AddAsync(string model)
    {
        if (!_state.Value.Models.Contains(model))
        {
            await _state.CommitAsync(_state.Value.With(model));
        }
    }

    public ValueTask<string[]> ListAsync() => ValueTask.FromResult(_state.Value.Models.ToArray());
}
