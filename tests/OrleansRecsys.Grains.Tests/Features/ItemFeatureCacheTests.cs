using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.Features;

namespace OrleansRecsys.Grains.Tests.Features;

/// <summary>The per-silo item replica ranking reads, on a clock the test moves (no waiting, no timing margins).</summary>
public sealed class ItemFeatureCacheTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; } = 1_000_000;

        public override long TimestampFrequency => 1000; // milliseconds

        public override long GetTimestamp() => Now;
    }

    private static EntityState Priced(double price) => new() { Cells = { ["item_price"] = new Cell(price, 0) } };

    [Fact]
    public async Task Entries_are_served_within_the_bound_refreshed_ahead_past_half_of_it_and_refetched_past_it()
    {
        var clock = new ManualClock();
        var price = 10.0;
        var fetches = 0;
        var release = new TaskCompletionSource();
        release.SetResult();
        var cache = new ItemFeatureCache(async _ =>
        {
            Interlocked.Increment(ref fetches);
            await release.Task;
            return Priced(price);
        }, new GridOptions { ItemCacheMaxStalenessMs = 1000 }, clock);

        async Task<double> Read()
        {
            var states = new EntityState[1];
            await cache.GetManyAsync(["i1"], states);
            return states[0].Cells["item_price"].Value;
        }

        Assert.Equal(10, await Read());
        Assert.Equal(1, fetches);
        price = 20;

        // Within half the bound: from memory, nothing fetched.
        clock.Now += 400;
        Assert.Equal(10, await Read());
        Assert.Equal(1, fetches);

        // Past half the bound: the read is answered at once from memory, while a refresh runs behind it.
        release = new TaskCompletionSource();
        clock.Now += 200;
        Assert.Equal(10, await Read());
        Assert.Equal(2, fetches);
        Assert.Equal(10, await Read()); // a second read while it runs shares it
        Assert.Equal(2, fetches);
        release.SetResult();
        await WaitFor(async () => await Read() == 20);
        Assert.Equal(2, fetches);

        // Past the whole bound since that refresh was asked for (an item not read meanwhile): fetched before it is used.
        price = 30;
        clock.Now += 1001;
        Assert.Equal(30, await Read());
        Assert.Equal(3, fetches);
    }

    [Fact]
    public async Task A_failed_refresh_leaves_the_entry_to_age_out_and_the_next_read_past_the_bound_fetches_again()
    {
        var clock = new ManualClock();
        var fail = false;
        var fetches = 0;
        var cache = new ItemFeatureCache(_ =>
        {
            Interlocked.Increment(ref fetches);
            return fail ? Task.FromException<EntityState>(new TimeoutException("item silo gone")) : Task.FromResult(Priced(5));
        }, new GridOptions { ItemCacheMaxStalenessMs = 1000 }, clock);
        var states = new EntityState[1];

        await cache.GetManyAsync(["i1"], states);
        fail = true;
        clock.Now += 600;
        await cache.GetManyAsync(["i1"], states); // refresh ahead fails behind the read
        Assert.Equal(5, states[0].Cells["item_price"].Value);
        Assert.Equal(2, fetches);

        clock.Now += 500;
        await Assert.ThrowsAsync<TimeoutException>(async () => await cache.GetManyAsync(["i1"], states));
        fail = false;
        await cache.GetManyAsync(["i1"], states);
        Assert.Equal(5, states[0].Cells["item_price"].Value);
        Assert.Equal(4, fetches);
    }

    [Fact]
    public async Task At_capacity_the_replica_evicts_one_rarely_read_item_per_new_one_and_keeps_the_items_read_again()
    {
        var fetched = new List<string>();
        var cache = new ItemFeatureCache(id =>
        {
            lock (fetched)
            {
                fetched.Add(id);
            }

            return Task.FromResult(Priced(1));
        }, new GridOptions { ItemCacheMaxStalenessMs = 60_000, ItemCacheCapacity = 4 }, new ManualClock());
        var states = new EntityState[3];

        await cache.GetManyAsync(["a", "b", "c", "d"], new EntityState[4]);
        await cache.GetManyAsync(["a", "b", "c"], states); // ranked again: these are the replica's working set
        await cache.GetManyAsync(["e"], new EntityState[1]);
        await cache.GetManyAsync(["a", "b", "c"], states);

        Assert.Equal(["a", "b", "c", "d", "e"], fetched);
        Assert.Equal(4, cache.Count);
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public async Task An_unknown_item_is_remembered_within_the_bound_so_repeating_it_asks_its_grain_once()
    {
        var fetches = 0;
        var cache = new ItemFeatureCache(_ =>
        {
            Interlocked.Increment(ref fetches);
            return Task.FromResult(new EntityState());
        }, new GridOptions { ItemCacheMaxStalenessMs = 1000 }, new ManualClock());
        var states = new EntityState[1];

        for (var i = 0; i < 5; i++)
        {
            await cache.GetManyAsync(["never-seen"], states);
        }

        Assert.Equal(1, fetches);
        Assert.Equal(0, states[0].EventCount);
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.True(await condition());
    }
}
