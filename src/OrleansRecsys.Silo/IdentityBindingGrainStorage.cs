using Orleans.Storage;

namespace OrleansRecsys.Silo;

/// <summary>
/// Wraps a grain storage provider so that its serializer knows which grain it serializes for
/// (<see cref="GrainStateScope"/>): sealed state is bound to its grain, and a row copied to another grain does not open.
/// The provider's silo lifecycle (its start-up) is forwarded.
/// </summary>
internal sealed class IdentityBindingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateScope.Enter(stateName, grainId);
        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        GrainStateScope.Enter(stateName, grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
