namespace OrleansRecsys.Ingestion.Tests;

public sealed class PendingActivityTests
{
    [Fact]
    public void Each_user_goes_to_their_shard_once_with_their_newest_event_time()
    {
        var pending = new PendingActivity();
        pending.Record("u1", 100);
        pending.Record("u1", 300);
        pending.Record("u1", 200);
        pending.Record("u42", 50);

        var byShard = pending.Take();

        Assert.Equal([new UserActivity("u1", 300)], byShard[ActivityShards.Of("u1")].Where(a => a.UserId == "u1"));
        Assert.Equal([new UserActivity("u42", 50)], byShard[ActivityShards.Of("u42")].Where(a => a.UserId == "u42"));
        Assert.Equal(2, byShard.Values.Sum(users => users.Length));
        Assert.True(pending.IsEmpty);
        Assert.Empty(pending.Take());
    }
}
