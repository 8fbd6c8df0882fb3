using Orleans.Storage;

namespace OrleansRecsys.Silo;

/// <summary>
/// Keeps grain ids out of the grain-state table: every read, write and clear reaches the wrapped provider (the ADO.NET
/// one, batched or not) with the grain's pseudonymous id (<see cref="GrainKeyPseudonyms"/>), so the row's key column,
/// key hash and the identity its payload is sealed to are all computed from the pseudonym. The state object, its
/// version (ETag) and the provider's concurrency checks pass through unchanged. The provider's silo lifecycle (its
/// start-up) is forwarded.
/// </summary>
internal sealed class PseudonymousKeyGrainStorage(IGrainStorage inner, GrainKeyPseudonyms pseudonyms) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, pseudonyms.Of(stateName, grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, pseudonyms.Of(stateName, grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, pseudonyms.Of(stateName, grainId), grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
