namespace OrleansRecsys.Features.Tests;

/// <summary>
/// The process-wide id pool keeps sharing new ids after it is full (it used to stop pooling at capacity, so a silo with
/// item churn shared only the ids of its first hours).
/// </summary>
[Collection(IdPoolTests.Collection)]
public sealed class IdPoolTests
{
    /// <summary>Tests that resize the process-wide pool, or rely on two interned copies being one instance, run one at a time.</summary>
    public const string Collection = "process-wide id pool";

    [Fact]
    public void Past_its_capacity_the_pool_evicts_old_ids_and_shares_new_ones()
    {
        IdPool.Resize(1000);
        try
        {
            AssertPoolsNewIds();
        }
        finally
        {
            IdPool.Resize(IdPool.DefaultCapacity);
        }
    }

    private static void AssertPoolsNewIds()
    {
        var evictedBefore = IdPool.Evictions;
        var prefix = "pool-test-" + Guid.NewGuid().ToString("N") + "-";
        for (var i = 0; i < 3000; i++)
        {
            IdPool.Intern(prefix + i);
        }

        var newest = IdPool.Intern(prefix + "newest");
        var copy = new string(newest.AsSpan());

        Assert.Same(newest, IdPool.Intern(copy));
        Assert.Equal(1000, IdPool.Capacity);
        Assert.True(IdPool.Evictions - evictedBefore >= 2000, $"{IdPool.Evictions - evictedBefore} evictions");
    }
}
