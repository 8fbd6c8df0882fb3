using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains;

/// <summary>
/// Per-silo read replica of item state for ranking: entries younger than the configured staleness are served
/// from memory; older ones are refreshed from the item grains, with concurrent refreshes of one item shared.
/// </summary>
public sealed class ItemFeatureCache(IGrainFactory grains, IOptions<GridOptions> options)
{
    private readonly record struct Entry(EntityState State, long FetchedTicks);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<EntityState>> _inflight = new(StringComparer.Ordinal);
    private readonly long _maxStalenessTicks = options.Value.ItemCacheMaxStalenessMs * Stopwatch.Frequency / 1000;
    private readonly int _capacity = options.Value.ItemCacheCapacity;

    private static readonly EntityState Empty = new();

    /// <summary>Fills <paramref name="states"/> with the state of each item (empty state for unknown items).</summary>
    public async ValueTask GetManyAsync(string[] itemIds, EntityState[] states)
    {
        var now = Stopwatch.GetTimestamp();
        List<(int Index, Task<EntityState> Task)>? pending = null;
        for (var i = 0; i < itemIds.Length; i++)
        {
            if (_entries.TryGetValue(itemIds[i], out var e) && now - e.FetchedTicks <= _maxStalenessTicks)
            {
                states[i] = e.State;
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
    public EntityState Peek(string itemId) => _entries.TryGetValue(itemId, out var e) ? e.State : Empty;

    private Task<EntityState> Fetch(string itemId)
    {
        if (_inflight.TryGetValue(itemId, out var running))
        {
            return running;
        }

        var tcs = new TaskCompletionSource<EntityState>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inflight.TryAdd(itemId, tcs.Task))
        {
            return _inflight.TryGetValue(itemId, out running) ? running : FetchDirect(itemId);
        }

        _ = RunFetch(itemId, tcs);
        return tcs.Task;
    }

    private async Task<EntityState> FetchDirect(string itemId) => await grains.GetGrain<IItemFeatureGrain>(itemId).GetStateAsync();

    private async Task RunFetch(string itemId, TaskCompletionSource<EntityState> tcs)
    {
        try
        {
            var state = await grains.GetGrain<IItemFeatureGrain>(itemId).GetStateAsync();
            if (_entries.Count >= _capacity)
            {
                _entries.Clear();
            }

            _entries[itemId] = new Entry(state, Stopwatch.GetTimestamp());
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
