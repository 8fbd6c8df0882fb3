using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Grains.Features;

/// <summary>
/// Per-silo read replica of item state for ranking, with bounded staleness. An entry older than half the bound is
/// still served but refreshed in the background, so items ranked often never make a request wait; an entry older
/// than the bound (an item not ranked for a while) is refetched before it is used. Concurrent fetches of one item
/// share one grain call.
/// Bounded by <see cref="GridOptions.ItemCacheCapacity"/> with CLOCK eviction (<see cref="ClockCache{TKey,TValue}"/>): at
/// capacity one rarely read entry makes room for each new one, so a flood of random ids never empties the replica
/// of the items real traffic ranks. An item the grid has never seen is held too, as one shared empty state: a repeated
/// unknown id is answered from memory for the staleness bound instead of asking its grain again.
/// </summary>
internal sealed class ItemFeatureCache
{
    private readonly record struct Entry(EntityState State, long FetchedTicks);

    private readonly ClockCache<string, Entry> _entries;
    private readonly ConcurrentDictionary<string, Task<EntityState>> _inflight = new(StringComparer.Ordinal);
    private readonly Func<string, Task<EntityState>> _fetch;
    private readonly TimeProvider _clock;
    private readonly long _maxStalenessTicks;
    private readonly long _refreshAfterTicks;

    public ItemFeatureCache(IGrainFactory grains, IOptions<GridOptions> options)
        : this(new StringKeyedGrains<IItemFeatureStateGrain>(grains), options.Value)
    {
    }

    private ItemFeatureCache(StringKeyedGrains<IItemFeatureStateGrain> grains, GridOptions options)
        : this(async id => (await grains.Get(id).GetStateAsync().ConfigureAwait(false)).Value, options, TimeProvider.System)
    {
    }

    /// <param name="fetch">Reads one item's state from its grain. Its continuation must not need the caller's grain
    /// context: fetches are shared by the whole silo and outlive the ranking activation that started them.</param>
    public ItemFeatureCache(Func<string, Task<EntityState>> fetch, GridOptions options, TimeProvider clock)
    {
        _fetch = fetch;
        _clock = clock;
        _maxStalenessTicks = options.ItemCacheMaxStalenessMs * clock.TimestampFrequency / 1000;
        _refreshAfterTicks = options.ItemCacheMaxStalenessMs * clock.TimestampFrequency / 2000;
        _entries = new ClockCache<string, Entry>(options.ItemCacheCapacity, StringComparer.Ordinal);
    }

    private static readonly EntityState Empty = new();

    /// <summary>Entries evicted to make room (the replica at capacity).</summary>
    public long Evictions => _entries.Evictions;

    public int Count => _entries.Count;

    /// <summary>Fills <paramref name="states"/> with the state of each item (empty state for unknown items).</summary>
    public async ValueTask GetManyAsync(string[] itemIds, EntityState[] states)
    {
        var now = _clock.GetTimestamp();
        List<(int Index, Task<EntityState> Task)>? pending = null;
        for (var i = 0; i < itemIds.Length; i++)
        {
            if (_entries.TryGet(itemIds[i], out var e) && now - e.FetchedTicks <= _maxStalenessTicks)
            {
                states[i] = e.State;
                if (now - e.FetchedTicks > _refreshAfterTicks)
                {
                    // Refresh ahead; a failure leaves the entry to age out (and the next request to fetch it).
                    _ = Fetch(itemIds[i]).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                }

                continue;
            }

            (pending ??= []).Add((i, Fetch(itemIds[i])));
        }

        if (pending is null)
        {
            return;
        }

        foreach (var (index, task) in pending)
        {
            states[index] = await task;
        }
    }

    /// <summary>Whatever is cached, however old, without waiting (popularity fallback).</summary>
    public EntityState Peek(string itemId) => _entries.TryGet(itemId, out var e) ? e.State : Empty;

    private Task<EntityState> Fetch(string itemId)
    {
        if (_inflight.TryGetValue(itemId, out var running))
        {
            return running;
        }

        var tcs = new TaskCompletionSource<EntityState>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inflight.TryAdd(itemId, tcs.Task))
        {
            return _inflight.TryGetValue(itemId, out running) ? running : _fetch(itemId);
        }

        _ = RunFetch(itemId, tcs);
        return tcs.Task;
    }

    private async Task RunFetch(string itemId, TaskCompletionSource<EntityState> tcs)
    {
        try
        {
            // Stamped when asked, so the age includes the fetch. ConfigureAwait(false): the fetch is shared by the whole
            // silo and must finish even if the ranking activation that started it has been collected meanwhile.
            var asked = _clock.GetTimestamp();
            var state = await _fetch(itemId).ConfigureAwait(false);
            // A never-seen item shares one empty state: unknown ids cost the replica a key, not a state each.
            state = state.IsBlank ? Empty : state;
            _entries.Set(itemId, new Entry(state, asked));
            tcs.TrySetResult(state);
        }
        catch (Exception ex)
        {
            tcs.TrySetException(ex);
        }
        finally
        {
            _inflight.TryRemove(itemId, out _);
        }
    }
}
