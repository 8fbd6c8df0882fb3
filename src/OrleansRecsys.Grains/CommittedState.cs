namespace OrleansRecsys.Grains;

/// <summary>
/// A grain's persisted state as callers may see it: only what storage has accepted. A change is made on a copy,
/// written, and published only when the write succeeded, so reads that interleave with a write in flight
/// (<c>[AlwaysInterleave]</c> getters, the plan other silos pull every second) see the last committed value, and a
/// failed write leaves nothing visible, in memory or in storage.
/// </summary>
/// <remarks>Treat <see cref="Value"/> as read-only: change a copy and pass it to <see cref="CommitAsync"/>.</remarks>
internal sealed class CommittedState<TState>(IPersistentState<TState> storage) where TState : class
{
    private TState? _committed;

    /// <summary>The state as last read from or written to storage.</summary>
    public TState Value => _committed ??= storage.State;

    /// <summary>Writes <paramref name="next"/>; publishes it only once storage has accepted it, else rethrows.</summary>
    public async Task CommitAsync(TState next)
    {
        var committed = Value;
        storage.State = next;
        try
        {
            await storage.WriteStateAsync();
        }
        catch
        {
            storage.State = committed;
            throw;
        }

        _committed = next;
    }
}
