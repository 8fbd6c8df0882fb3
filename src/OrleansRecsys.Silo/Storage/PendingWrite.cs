namespace OrleansRecsys.Silo.Storage;

/// <summary>One grain's serialized state and the version it last saw (null: it has never been written); completes
/// with the stored row's new version, or null when the version did not match (a stale writer).</summary>
internal sealed class PendingWrite(StateRowKey key, int? expectedVersion, byte[] payload) : IStateRequest
{
    private readonly TaskCompletionSource<int?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateRowKey Key { get; } = key;

    public int? ExpectedVersion { get; } = expectedVersion;

    public byte[] Payload { get; } = payload;

    public Task<int?> Done => _done.Task;

    public void Complete(int? newVersion) => _done.TrySetResult(newVersion);

    public void Fail(Exception error) => _done.TrySetException(error);
}
