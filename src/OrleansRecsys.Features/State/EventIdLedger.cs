namespace OrleansRecsys.Features.State;

/// <summary>
/// The event ids one user has applied within the de-duplication horizon, with the offset each was applied at and its
/// event time. The user's partition is where a re-sent event is recognised (its item features follow that decision),
/// so this ledger is the grid's memory of what already counted.
/// </summary>
/// <remarks>
/// Three parallel arrays in arrival order: the hashes are scanned as one contiguous span (vectorised), and pruning
/// removes a prefix. Entries leave when their event time falls behind the user's newest event by more than the
/// horizon, or, past <c>capacity</c>, oldest first; then <see cref="_floorMs"/> remembers the newest time evicted
/// early, so an event at or before it is refused as unverifiable rather than counted a second time.
/// 24 bytes per remembered event.
/// </remarks>
[GenerateSerializer, Alias("recsys.EventIdLedger")]
internal sealed class EventIdLedger
{
    [Id(0)] private ulong[] _hashes = [];
    [Id(1)] private long[] _offsets = [];
    [Id(2)] private long[] _times = [];
    [Id(3)] private int _count;
    [Id(4)] private long _newestMs = long.MinValue;
    [Id(5)] private long _floorMs = long.MinValue;

    public int Count => _count;

    /// <summary>The offset the event with this id hash was applied at, if it is remembered.</summary>
    public bool TryFind(ulong hash, out long offset)
    {
        var index = _hashes.AsSpan(0, _count).IndexOf(hash);
        offset = index < 0 ? -1 : _offsets[index];
        return index >= 0;
    }

    /// <summary>Whether an event at <paramref name="tsMs"/> is too old for this ledger to say if it was seen.</summary>
    public bool IsBeyondHorizon(long tsMs, long horizonMs) => tsMs <= _floorMs || (_count > 0 && tsMs < _newestMs - horizonMs);

    public void Add(ulong hash, long offset, long tsMs, long horizonMs, int capacity)
    {
        _newestMs = Math.Max(_newestMs, tsMs);
        RemovePrefix(CountExpired(_newestMs - horizonMs));
        if (_count >= capacity)
        {
            var evicted = _count - capacity + 1;
            for (var i = 0; i < evicted; i++)
            {
                _floorMs = Math.Max(_floorMs, _times[i]);
            }

            RemovePrefix(evicted);
        }

        EnsureRoom(capacity);
        _hashes[_count] = hash;
        _offsets[_count] = offset;
        _times[_count] = tsMs;
        _count++;
    }

    public EventIdLedger Clone() => new()
    {
        _hashes = (ulong[])_hashes.Clone(),
        _offsets = (long[])_offsets.Clone(),
        _times = (long[])_times.Clone(),
        _count = _count,
        _newestMs = _newestMs,
        _floorMs = _floorMs,
    };

    private int CountExpired(long cutoffMs)
    {
        var expired = 0;
        while (expired < _count && _times[expired] < cutoffMs)
        {
            expired++;
        }

        return expired;
    }

    private void RemovePrefix(int removed)
    {
        if (removed <= 0)
        {
            return;
        }

        var kept = _count - removed;
        Array.Copy(_hashes, removed, _hashes, 0, kept);
        Array.Copy(_offsets, removed, _offsets, 0, kept);
        Array.Copy(_times, removed, _times, 0, kept);
        _count = kept;
    }

    /// <summary>Grows by half (from 4) up to the capacity: for most users the ledger is the largest part of their state.</summary>
    private void EnsureRoom(int capacity)
    {
        if (_count < _hashes.Length)
        {
            return;
        }

        var size = Math.Min(capacity, Math.Max(4, _hashes.Length + (_hashes.Length / 2)));
        Array.Resize(ref _hashes, size);
        Array.Resize(ref _offsets, size);
        Array.Resize(ref _times, size);
    }
}
