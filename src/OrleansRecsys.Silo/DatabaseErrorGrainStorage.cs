using System.Data.Common;
using Orleans.Storage;

namespace OrleansRecsys.Silo;

/// <summary>
/// The storage boundary: a database error from the wrapped provider leaves as a <see cref="StorageFailureException"/>
/// (SQL state, driver type and message), which every silo and client can deserialize. Other exceptions, such as
/// Orleans' own version conflicts, pass unchanged. The provider's silo lifecycle (its start-up) is forwarded.
/// </summary>
internal sealed class DatabaseErrorGrainStorage(IGrainStorage inner, string name) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.ReadStateAsync(stateName, grainId, grainState), "read", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.WriteStateAsync(stateName, grainId, grainState), "write", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.ClearStateAsync(stateName, grainId, grainState), "clear", stateName, grainId);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task Translate(Func<Task> operation, string verb, string stateName, GrainId grainId)
    {
        try
        {
            await operation();
        }
        catch (DbException ex)
        {
            throw new StorageFailureException(
                $"Grain storage '{name}' could not {verb} state '{stateName}' of {grainId}: {ex.Message}", ex.SqlState, ex.GetType().FullName ?? ex.GetType().Name);
        }
    }
}
