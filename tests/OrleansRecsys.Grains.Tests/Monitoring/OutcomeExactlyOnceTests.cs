using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.Features;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Tests.Monitoring;

/// <summary>
/// Outcomes counted exactly once across rewinds, by the rule feature state follows: the user side decides what is an
/// outcome (<see cref="OutcomeAttribution"/> over the user's verdicts), the monitor counts each above its per-source
/// watermark (<see cref="OutcomeWatermarks"/>). A rewind is modelled as applying the same batch again to the user's state.
/// </summary>
public sealed class OutcomeExactlyOnceTests
{
    private const string Source = "recsys.interactions/0@0";
    private static readonly Deduplication Day = new(24 * 3_600_000L, 100_000);

    private readonly OutcomeWatermarks _monitor = new();
    private int _counted;

    private static SourcedEvent Click(long offset, string eventId, string? requestId = "rid", InteractionType type = InteractionType.Click) =>
        new(Source, offset, new Interaction(eventId, "u1", "i1", type, 1000 + offset, 1, requestId), null);

    private static SourcedEvent[] Outcomes(long firstOffset, int count, string eventPrefix = "e") =>
        Enumerable.Range(0, count).Select(i => Click(firstOffset + i, $"{eventPrefix}{i}")).ToArray();

    /// <summary>What the user grain reports for a batch (applied to <paramref name="user"/>, as UserFeatureGrain does).</summary>
    private static AttributedEvent[] Apply(EntityState user, SourcedEvent[] events)
    {
        var outcome = BatchApplier.Apply(user, new ApplyBatch(events, []), (_, _) => { }, Day);
        return OutcomeAttribution.Select(events, outcome.Verdicts) ?? [];
    }

    private void Deliver(AttributedEvent[] attributed) =>
        _counted += _monitor.TakeNew(attributed.Select(a => new SourcedOutcome(a.Source, a.Offset, "v1", a.Type)).ToArray()).Count;

    [Fact]
    public void The_same_outcome_events_delivered_again_at_their_offsets_count_once()
    {
        var user = new EntityState();
        var batch = Outcomes(10, 3);
        Deliver(Apply(user, batch));

        // Commit failed (or the consumer died after delivering): the next owner replays from the last commit.
        Deliver(Apply(user, batch));
        Deliver(Apply(user, batch));

        Assert.Equal(3, _counted);
    }

    [Fact]
    public void The_same_event_ids_re_sent_at_new_offsets_count_once_and_replays_of_the_copies_count_nothing()
    {
        var user = new EntityState();
        Deliver(Apply(user, Outcomes(10, 3)));

        var copies = Outcomes(20, 3);
        var resent = Apply(user, copies);
        Deliver(resent);
        Deliver(Apply(user, copies));

        Assert.Empty(resent);
        Assert.Equal(3, _counted);
    }

    [Fact]
    public void Outcomes_never_delivered_before_a_rewind_are_counted_from_the_replay_rather_than_lost()
    {
        // The user grain wrote its state (a flush or a deactivation), but the consumer died before delivering the
        // outcomes and committing: on replay the user sees its own events again at the same offsets.
        var user = new EntityState();
        var batch = Outcomes(10, 3);
        _ = Apply(user, batch);

        Deliver(Apply(user, batch));

        Assert.Equal(3, _counted);
    }

    [Fact]
    public void A_rewind_after_a_failed_commit_counts_once_what_was_delivered_and_once_what_was_not()
    {
        var user = new EntityState();
        Deliver(Apply(user, Outcomes(10, 3)));   // delivered, then the commit failed
        _ = Apply(user, Outcomes(13, 2, "f"));   // applied, not delivered yet when the partition was revoked

        // The next owner replays 10..14 in one batch, and then a grain that lost its state applies them all as new.
        Deliver(Apply(user, [.. Outcomes(10, 3), .. Outcomes(13, 2, "f")]));
        Deliver(Apply(new EntityState(), [.. Outcomes(10, 3), .. Outcomes(13, 2, "f")]));

        Assert.Equal(5, _counted);
    }

    [Fact]
    public void Views_and_events_without_a_request_id_are_not_outcomes()
    {
        var user = new EntityState();
        SourcedEvent[] batch = [Click(1, "a", requestId: null), Click(2, "b", type: InteractionType.View), Click(3, "c", type: InteractionType.Purchase)];

        var attributed = Apply(user, batch);

        Assert.Equal([new AttributedEvent("rid", InteractionType.Purchase, "c", Source, 3)], attributed);
    }

    [Fact]
    public void One_delivery_may_hold_a_sources_outcomes_out_of_order_and_twice()
    {
        SourcedOutcome At(long offset) => new(Source, offset, "v1", InteractionType.Click);
        Assert.Equal(3, _monitor.TakeNew([At(5), At(3), At(4), At(3)]).Count);
        Assert.Equal([At(6)], _monitor.TakeNew([At(2), At(5), At(6)]));
        Assert.Equal([new SourcedOutcome("other/0@0", 1, "v1", InteractionType.Click)], _monitor.TakeNew([new("other/0@0", 1, "v1", InteractionType.Click)]));
    }
}
