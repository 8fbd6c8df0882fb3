namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// One user's precomputed recommendations for one model (key <c>{model}@{userId}</c>). A list is written before the
/// store call returns, so a work item counts a user only once their list is durable; an older list never replaces a
/// newer one (a re-sent work item of an old run, say).
/// </summary>
internal sealed class UserRecommendationsGrain(
    [PersistentState(StateNames.UserRecommendations, StorageNames.Recsys)] IPersistentState<UserRecommendationsState> state)
    : Grain, IUserRecommendationsGrain
{
    private readonly CommittedState<UserRecommendationsState> _state = new(state);

    public async Task StoreAsync(PrecomputedRecommendations recommendations)
    {
        if (_state.Value.Latest is { } held && held.ComputedAt > recommendations.ComputedAt)
        {
            return;
        }

        await _state.CommitAsync(new UserRecommendationsState { Latest = recommendations });
    }

    public ValueTask<PrecomputedRecommendations?> GetAsync() => ValueTask.FromResult(_state.Value.Latest);
}
