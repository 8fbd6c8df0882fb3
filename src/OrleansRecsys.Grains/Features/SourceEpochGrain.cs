using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Keeps a partition's offset epoch and the highest offset committed in it. The rule is the one a broker without topic
/// ids still allows: a partition that ends below what was already committed from it cannot be the same log.
/// </summary>
internal sealed class SourceEpochGrain(
    [PersistentState(StateNames.SourceEpoch, StorageNames.Recsys)] IPersistentState<SourceEpochState> state) : Grain, ISourceEpochGrain
{
    public async Task<SourceEpoch> ObserveAsync(long endOffset)
    {
        var epoch = state.State;
        if (endOffset >= epoch.HighestCommitted)
        {
            return new SourceEpoch(epoch.Epoch, false, epoch.HighestCommitted);
        }

        var previous = epoch.HighestCommitted;
        epoch.Epoch++;
        epoch.HighestCommitted = 0;
        await state.WriteStateAsync();
        return new SourceEpoch(epoch.Epoch, true, previous);
    }

    public ValueTask<SourceEpoch> CurrentAsync() => ValueTask.FromResult(new SourceEpoch(state.State.Epoch, false, state.State.HighestCommitted));

    public async Task CommittedAsync(long nextOffset)
    {
        if (nextOffset > state.State.HighestCommitted)
        {
            state.State.HighestCommitted = nextOffset;
            await state.WriteStateAsync();
        }
    }
}
