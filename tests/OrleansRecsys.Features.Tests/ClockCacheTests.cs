namespace OrleansRecsys.Features.Tests;

/// <summary>The CLOCK eviction that bounds the item replica, the id pool and the unknown-model memory.</summary>
public sealed class ClockCacheTests
{
    [Fact]
    public void At_capacity_one_entry_is_evicted_per_insert_never_all()
    {
        var cache = new ClockCache<string, int>(4);
        for (var i = 0; i < 4; i++)
        {
            cache.Set("k" + i, i);
        }

        cache.Set("k4", 4);

        Assert.Equal(4, cache.Count);
        Assert.Equal(1, cache.Evictions);
        Assert.True(cache.TryGet("k4", out var newest));
        Assert.Equal(4, newest);
        Assert.Equal(3, new[] { "k0", "k1", "k2", "k3" }.Count(cache.ContainsKey));
    }

    [Fact]
    public void Entries_read_since_the_last_sweep_get_a_second_chance()
    {
        var cache = new ClockCache<string, int>(3);
        cache.Set("hot", 1);
        cache.Set("cold", 2);
        cache.Set("warm", 3);
        Assert.True(cache.TryGet("hot", out _));
        Assert.True(cache.TryGet("warm", out _));

        cache.Set("new", 4);

        Assert.False(cache.ContainsKey("cold"));
        Assert.True(cache.ContainsKey("hot"));
        Assert.True(cache.ContainsKey("warm"));
        Assert.True(cache.ContainsKey("new"));
    }

    [Fact]
    public void A_flood_of_ids_read_once_leaves_an_entry_that_is_read_between_them()
    {
        var cache = new ClockCache<string, int>(100);
        cache.Set("hot", 0);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(cache.TryGet("hot", out _), $"the hot entry was evicted after {i} one-off ids");
            cache.Set("once-" + i, i);
        }

        Assert.Equal(100, cache.Count);
        Assert.Equal(10_000 - 99, cache.Evictions);
    }

    [Fact]
    public void Replacing_a_value_keeps_one_entry_and_evicts_nothing()
    {
        var cache = new ClockCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("a", 2);
        cache.Set("b", 3);

        Assert.Equal(2, cache.Count);
        Assert.Equal(0, cache.Evictions);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(2, a);
    }

    [Fact]
    public void GetOrAdd_returns_the_held_value_and_adds_only_when_missing()
    {
        var cache = new ClockCache<string, string>(2);
        var first = new string('x', 3);
        var copy = new string('x', 3);

        Assert.Same(first, cache.GetOrAdd("x", first));
        Assert.Same(first, cache.GetOrAdd("x", copy));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Concurrent_inserts_never_exceed_the_capacity()
    {
        var cache = new ClockCache<int, int>(64);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var key = (t * 20_000) + i;
                cache.Set(key, key);
                cache.TryGet(key - 1, out _);
            }
        })));

        Assert.Equal(64, cache.Count);
        Assert.Equal(80_000 - 64, cache.Evictions);
    }
}
