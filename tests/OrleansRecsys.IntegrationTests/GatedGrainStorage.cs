using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// In-memory grain storage whose next write of a chosen state can be held open and then refused, to show what
/// callers see while a write is in flight and after it fails, and whose next read of a chosen state (an activation
/// loading it) can be held open, to stall the calls that wait for that activation. Stores deep copies, as a real store
/// would.
/// </summary>
internal sealed class GatedGrainStorage(DeepCopier copier) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (object Value, string ETag)> _stored = new();
    private readonly ConcurrentDictionary<GrainId, int> _writesInFlight = new();
    private StorageGate? _gate;
    private StorageGate? _readGate;
    private int _mostWritesInFlight;

    /// <summary>The most writes one grain ever had in flight at once.</summary>
    public int MostWritesInFlightForOneGrain => Volatile.Read(ref _mostWritesInFlight);

    /// <summary>Holds the next write of <paramref name="stateName"/> until the returned gate is released.</summary>
    public StorageGate HoldNextWrite(string stateName)
    {
        var gate = new StorageGate(stateName);
        Volatile.Write(ref _gate, gate);
        return gate;
    }

    /// <summary>Holds the next read of <paramref name="stateName"/> until the returned gate is released.</summary>
    public StorageGate HoldNextRead(string stateName)
    {
        var gate = new StorageGate(stateName);
        Volatile.Write(ref _readGate, gate);
        return gate;
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Volatile.Read(ref _readGate) is { } gate && gate.StateName == stateName
            && Interlocked.CompareExchange(ref _readGate, null, gate) == gate)
        {
            await gate.PassAsync();
        }

        if (_stored.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = copier.Copy((T)stored.Value);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var inFlight = _writesInFlight.AddOrUpdate(grainId, 1, (_, writes) => writes + 1);
        InterlockedMax(ref _mostWritesInFlight, inFlight);
        try
        {
            if (Volatile.Read(ref _gate) is { } gate && gate.StateName == stateName
                && Interlocked.CompareExchange(ref _gate, null, gate) == gate)
            {
                await gate.PassAsync();
            }

            var etag = Guid.NewGuid().ToString("N");
            _stored[(stateName, grainId)] = (copier.Copy(grainState.State)!, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        finally
        {
            _writesInFlight.AddOrUpdate(grainId, 0, (_, writes) => writes - 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var before && before != seen)
        {
            seen = before;
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _stored.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
