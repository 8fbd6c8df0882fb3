using System.Collections.Concurrent;

namespace OrleansRecsys.Features;

/// <summary>
/// A size-bounded map that evicts one entry at a time by CLOCK (second chance), an approximation of least recently
/// used. Entries sit in a ring; a read only sets the entry's "referenced" flag, so hits take no lock and move nothing
/// (an exact LRU list would lock, or contend on its head, on every read of a hot path). When the map is full, an
/// insert sweeps the ring from where the last sweep stopped: a referenced entry loses its flag and is passed over
/// once, the first unreferenced one is evicted. New entries start unreferenced, so a burst of ids read once (a
/// scan, random ids from a hostile caller) evicts mostly its own kind and leaves the entries that are read again.
/// Never more than <see cref="Capacity"/> entries, never a clear-all; <see cref="Evictions"/> counts what was evicted.
/// </summary>
public sealed class ClockCache<TKey, TValue>
    where TKey : notnull
{
    private sealed class Slot(TKey key, TValue value, int index)
    {
        public readonly TKey Key = key;
        public readonly TValue Value = value;
        public readonly int Index = index;
        public volatile bool Referenced;
    }

    private readonly ConcurrentDictionary<TKey, Slot> _map;
    private readonly Slot?[] _ring;
    private readonly Lock _gate = new();
    private int _used;
    private int _hand;
    private long _evictions;

    public ClockCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new Slot?[capacity];
        _map = new ConcurrentDictionary<TKey, Slot>(comparer);
    }

    public int Capacity => _ring.Length;

    public int Count => _map.Count;

    /// <summary>Entries evicted to make room since this cache was created.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>The entry's value, marking it as recently used (lock-free).</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var slot))
        {
            if (!slot.Referenced)
            {
                slot.Referenced = true; // checked first: a hot entry's flag is written once per sweep, not once per read
            }

            value = slot.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Whether the key is held, without marking it used.</summary>
    public bool ContainsKey(TKey key) => _map.ContainsKey(key);

    /// <summary>Adds the entry or replaces its value (a replaced entry counts as used); evicts one entry when full.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                Place(new Slot(key, value, existing.Index) { Referenced = true });
                return;
            }

            Place(new Slot(key, value, FreeIndex()));
        }
    }

    /// <summary>The value held for the key, or <paramref name="value"/> after adding it (evicting one entry when full).</summary>
    public TValue GetOrAdd(TKey key, TValue value)
    {
        if (TryGet(key, out var held))
        {
            return held;
        }

        lock (_gate)
        {
            if (TryGet(key, out held))
            {
                return held;
            }

            Place(new Slot(key, value, FreeIndex()));
            return value;
        }
    }

    private void Place(Slot slot)
    {
        _ring[slot.Index] = slot;
        _map[slot.Key] = slot;
    }

    /// <summary>An unused ring position while there is one, else the position of the entry the sweep evicts.</summary>
    private int FreeIndex()
    {
        if (_used < _ring.Length)
        {
            return _used++;
        }

        while (true)
        {
            var index = _hand;
            _hand = (_hand + 1) % _ring.Length;
            var slot = _ring[index]!;
            if (slot.Referenced)
            {
                slot.Referenced = false;
                continue;
            }

            _map.TryRemove(slot.Key, out _);
            Interlocked.Increment(ref _evictions);
            return index;
        }
    }
}
