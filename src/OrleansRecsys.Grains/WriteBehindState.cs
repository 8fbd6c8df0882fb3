namespace OrleansRecsys.Grains;

/// <summary>
/// Persistent state written behind, on a timer and on deactivation, rather than per change: for derived state a grain
/// gets many small updates of each second (an activity index, a popularity list), where a crash may cost the last
/// interval's updates but rewriting the whole state on every update would cost more than it is worth. It remembers
/// whether anything changed since the last write, and keeps that mark when a write fails, so the next flush tries again.
/// </summary>
internal sealed class WriteBehindState<TState>(IPersistentState<TState> storage)
{
    private bool _dirty;

    public TState Value => storage.State;

    /// <summary>Marks the state as changed when <paramref name="changed"/> is true.</summary>
    public void Changed(bool changed)
    {
        _dirty |= changed;
    }

    /// <summary>Writes the state when it changed since the last write.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await storage.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true; // written at the next flush
            throw;
        }
    }
}
