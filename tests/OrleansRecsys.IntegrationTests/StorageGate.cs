namespace OrleansRecsys.IntegrationTests;

/// <summary>One held write (or read) of <see cref="GatedGrainStorage"/>: the test waits for it to arrive, looks around, then lets it through or refuses it.</summary>
internal sealed class StorageGate(string stateName)
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string StateName { get; } = stateName;

    /// <summary>Completes when the held write (or read) has reached storage.</summary>
    public Task Entered => _entered.Task;

    public void Release(bool fail) => _released.TrySetResult(fail);

    internal async Task PassAsync()
    {
        _entered.TrySetResult();
        if (await _released.Task)
        {
            throw new OrleansException($"storage refused the write of '{StateName}' (test)");
        }
    }
}
