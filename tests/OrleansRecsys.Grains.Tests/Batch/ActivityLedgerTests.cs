using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.Grains.Tests.Batch;

public sealed class ActivityLedgerTests
{
    [Fact]
    public void The_newest_activity_of_a_user_wins_whatever_order_reports_arrive_in()
    {
        var ledger = new ActivityLedger();
        Assert.True(ledger.Record([new UserActivity("u1", 200), new UserActivity("u2", 100)]));
        Assert.False(ledger.Record([new UserActivity("u1", 150)])); // older: nothing changes
        Assert.True(ledger.Record([new UserActivity("u2", 300)]));

        Assert.Equal(200, ledger.LastActiveMs["u1"]);
        Assert.Equal(300, ledger.LastActiveMs["u2"]);
    }

    [Fact]
    public void A_segment_holds_the_users_active_since_its_start_in_id_order()
    {
        var ledger = new ActivityLedger();
        ledger.Record([new UserActivity("u3", 500), new UserActivity("u1", 100), new UserActivity("u2", 300)]);

        Assert.Equal(["u2", "u3"], ledger.ActiveSince(300));
        Assert.Equal(["u1", "u2", "u3"], ledger.ActiveSince(0));
        Assert.Empty(ledger.ActiveSince(501));
    }

    [Fact]
    public void Users_idle_past_the_retention_are_dropped()
    {
        var ledger = new ActivityLedger();
        ledger.Record([new UserActivity("old", 100), new UserActivity("new", 900)]);

        Assert.True(ledger.Prune(500));
        Assert.False(ledger.Prune(500));
        Assert.Equal(["new"], ledger.ActiveSince(0));
    }
}
