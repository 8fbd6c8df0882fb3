using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansRecsys.Silo.Storage;

/// <summary>
/// Grain storage on PostgreSQL whose writes (and, with <c>batchReads</c>, activation reads) go through the
/// <see cref="PostgresStateBatcher"/>: each grain still awaits its own result, with the ADO.NET provider's semantics
/// (the version is the ETag; a writer holding a stale version gets an <see cref="InconsistentStateException"/>, for its
/// grain only), on the same table and rows. Clears, and the provider's start-up (which loads and checks its queries),
/// stay with the wrapped ADO.NET provider. State is serialized by the provider's configured serializer.
/// </summary>
internal sealed class BatchedGrainStorage(
    IGrainStorage inner,
    PostgresStateBatcher batcher,
    IGrainStorageSerializer serializer,
    IStorageHasherPicker hashes,
    IActivatorProvider activators,
    string serviceId,
    string name,
    bool batchReads) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!batchReads || StateRowKey.For(stateName, grainId, grainState, hashes, serviceId, name) is not { } key)
        {
            await inner.ReadStateAsync(stateName, grainId, grainState);
            return;
        }

        var row = await batcher.ReadAsync(key);
        var state = row?.Payload is { } payload ? serializer.Deserialize<T>(new BinaryData(payload)) : default;
        grainState.State = state ?? activators.GetActivator<T>().Create();
        grainState.ETag = row?.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = row is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (StateRowKey.For(stateName, grainId, grainState, hashes, serviceId, name) is not { } key)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        int? expected = string.IsNullOrWhiteSpace(grainState.ETag) ? null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var payload = Bytes(serializer.Serialize(grainState.State));
        var version = await batcher.WriteAsync(key, expected, payload);
        if (version is not { } stored)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={serviceId} ProviderName={name} GrainType={stateName} GrainId={grainId} ETag={grainState.ETag}.",
                "unknown", grainState.ETag);
        }

        grainState.ETag = stored.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>The serialized bytes without another copy when they fill an array of their own (the encrypting serializer's
    /// output does): a checkpoint holds every payload it writes until its statement commits.</summary>
    private static byte[] Bytes(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
