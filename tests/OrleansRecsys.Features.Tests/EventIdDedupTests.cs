using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

/// <summary>De-duplication by event id: the user side decides, item grains follow its verdicts.</summary>
public sealed class EventIdDedupTests
{
    private const long Hour = 3_600_000;
    private static readonly Deduplication Day = new(24 * Hour, 100_000);
    private readonly FeatureEngine _engine = new(FeatureEngineTests.Catalog);

    [Fact]
    public void An_event_re_sent_10000_events_later_at_a_new_offset_counts_once()
    {
        var user = new EntityState();
        ApplyUser(user, Enumerable.Range(0, 10_001).Select(i => Click(i, $"e{i}", tsMs: i * 1000L)).ToArray());

        var resent = ApplyUser(user, [Click(20_000, "e0", tsMs: 0)]);

        Assert.Equal(EventVerdict.Duplicate, Assert.Single(resent.Verdicts!));
        Assert.Equal(10_001, user.Cells["user_clicks_total"].Value);
        Assert.Equal(20_000, user.WatermarksSnapshot()["t/0"]);
    }

    [Fact]
    public void A_replay_of_the_offset_an_event_was_applied_at_is_replayed_and_a_replay_of_its_re_sent_copy_is_a_duplicate()
    {
        var user = new EntityState();
        ApplyUser(user, [Click(1, "a"), Click(2, "b"), Click(3, "a")]);

        var replay = ApplyUser(user, [Click(1, "a"), Click(2, "b"), Click(3, "a")]);

        Assert.Equal([EventVerdict.Replayed, EventVerdict.Replayed, EventVerdict.Duplicate], replay.Verdicts);
        Assert.Equal(2, user.Cells["user_clicks_total"].Value);
    }

    [Fact]
    public void An_item_counts_what_its_user_counted_and_skips_what_the_user_suppressed_while_its_watermark_advances()
    {
        var item = new EntityState();
        var events = new[] { Click(1, "a"), Click(2, "b"), Click(3, "a") };

        var outcome = BatchApplier.Apply(item, new ApplyBatch(events, [], [false, false, true]), (s, e) => _engine.ApplyItem(s, e.Interaction!));

        Assert.Equal((2, 1), (outcome.Applied, outcome.Duplicates));
        Assert.Equal(3, item.WatermarksSnapshot()["t/0"]);
        Assert.Null(item.EventIds);
    }

    [Fact]
    public void An_event_older_than_the_horizon_behind_the_users_newest_is_refused_not_counted()
    {
        var user = new EntityState();
        ApplyUser(user, [Click(1, "a", tsMs: 100 * Hour)]);

        var late = ApplyUser(user, [Click(2, "old", tsMs: 75 * Hour), Click(3, "recent", tsMs: 77 * Hour)]);

        Assert.Equal([EventVerdict.OutsideHorizon, EventVerdict.Applied], late.Verdicts);
        Assert.Equal(1, late.OutsideHorizon);
        Assert.Equal(2, user.Cells["user_clicks_total"].Value);
    }

    [Fact]
    public void Ids_leave_the_ledger_once_their_time_falls_behind_the_horizon_and_such_events_stay_refused()
    {
        var user = new EntityState();
        ApplyUser(user, [Click(1, "a", tsMs: 0), Click(2, "b", tsMs: 30 * Hour)]);

        Assert.Equal(1, user.EventIds!.Count);
        var resent = ApplyUser(user, [Click(3, "a", tsMs: 0)]);
        Assert.Equal(EventVerdict.OutsideHorizon, Assert.Single(resent.Verdicts!));
    }

    [Fact]
    public void Past_the_per_user_cap_the_oldest_ids_go_and_their_re_sent_copies_are_refused_rather_than_counted_again()
    {
        var user = new EntityState();
        var small = Day with { MaxEventIdsPerUser = 16 };
        ApplyUser(user, Enumerable.Range(0, 20).Select(i => Click(i, $"e{i}", tsMs: i)).ToArray(), small);

        var resent = ApplyUser(user, [Click(100, "e2", tsMs: 2), Click(101, "e19", tsMs: 19), Click(102, "new", tsMs: 20)], small);

        Assert.Equal([EventVerdict.OutsideHorizon, EventVerdict.Duplicate, EventVerdict.Applied], resent.Verdicts);
        Assert.Equal(16, user.EventIds!.Count);
        Assert.Equal(21, user.Cells["user_clicks_total"].Value);
    }

    [Fact]
    public void A_cloned_state_keeps_its_own_ledger()
    {
        var user = new EntityState();
        ApplyUser(user, [Click(1, "a")]);
        var copy = user.Clone();

        ApplyUser(user, [Click(2, "b")]);

        Assert.Equal(1, copy.EventIds!.Count);
        Assert.Equal(EventVerdict.Duplicate, Assert.Single(ApplyUser(copy, [Click(3, "a")]).Verdicts!));
    }

    private BatchApplier.Outcome ApplyUser(EntityState user, SourcedEvent[] events, Deduplication? rule = null) =>
        BatchApplier.Apply(user, new ApplyBatch(events, []), (s, e) => _engine.ApplyUser(s, e.Interaction!), rule ?? Day);

    private static SourcedEvent Click(long offset, string eventId, long tsMs = 1000) =>
        new("t/0", offset, new Interaction(eventId, "u", "i", InteractionType.Click, tsMs, 0, null), null);
}
