namespace OrleansRecsys.Silo.Storage;

/// <summary>One activating grain's read; completes with its stored row, or null when it has none.</summary>
internal sealed class PendingRead(StateRowKey key) : IStateRequest
{
    private readonly TaskCompletionSource<StoredRow?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateRowKey Key { get; } = key;

    public Task<StoredRow?> Done => _done.Task;

    public void Complete(StoredRow? row) => _done.TrySetResult(row);

    public void Fail(Exception error) => _done.TrySetException(error);
}
