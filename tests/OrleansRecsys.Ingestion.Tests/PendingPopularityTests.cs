namespace OrleansRecsys.Ingestion.Tests;

public sealed class PendingPopularityTests
{
    [Fact]
    public void Keeps_the_latest_score_per_item_globally_and_per_category()
    {
        var pending = new PendingPopularity();
        pending.Record("i1", "shoes", 1, 100);
        pending.Record("i2", null, 2, 100);
        pending.Record("i1", "shoes", 3, 200);

        var (global, byCategory) = pending.Take();

        Assert.Equal([new PopularityEntry("i1", 3, 200), new PopularityEntry("i2", 2, 100)], global.OrderBy(e => e.ItemId));
        Assert.Equal(["shoes"], byCategory.Keys);
        Assert.Equal([new PopularityEntry("i1", 3, 200)], byCategory["shoes"]);
    }

    [Fact]
    public void Taking_starts_afresh()
    {
        var pending = new PendingPopularity();
        pending.Record("i1", "shoes", 1, 100);
        pending.Take();
        var (global, byCategory) = pending.Take();
        Assert.Empty(global);
        Assert.Empty(byCategory);
    }
}
