using OrleansRecsys.Features;
using OrleansRecsys.Training.Backfill;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Tests;

public sealed class BackfillTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));

    private static readonly string[] Features = ["user_events_total", "user_clicks_total", "item_clicks_total", "ui_secs_since_user_saw_item"];

    private static Interaction Event(string id, string user, string item, InteractionType type, long ts) => new(id, user, item, type, ts, 0, null);

    private static List<BackfillRow> Backfill(EventHistory history, NegativeSource negatives, int perPositive = 2)
    {
        var rows = new List<BackfillRow>();
        TrainingBackfill.Run(history, Catalog, new BackfillOptions(Features, BackfillOptions.DefaultWeights, negatives, NegativesPerPositive: perPositive), rows.Add);
        return rows;
    }

    [Fact]
    public void A_row_holds_no_feature_of_its_own_event_or_of_a_later_one_whatever_the_order_in_the_file()
    {
        HistoryEvent[] events =
        [
            HistoryEvent.Of(Event("e4", "u1", "i2", InteractionType.Click, 3_000)),
            HistoryEvent.Of(Event("e2", "u1", "i1", InteractionType.View, 1_000)),
            HistoryEvent.Of(Event("e1", "u1", "i0", InteractionType.View, 500)),
            HistoryEvent.Of(Event("e3", "u1", "i1", InteractionType.Click, 2_000)),
        ];

        var positives = Backfill(EventHistory.FromEvents(events), NegativeSource.Sampled).Where(r => r.Label).ToList();

        Assert.Equal(2, positives.Count);

        // The click on i1 is decided at its impression (the view at 1 000): only the view of i0 came before it, and
        // neither that view, nor the click, nor the click on i2 may show in the row.
        var first = positives.Single(r => r.ItemId == "i1");
        Assert.Equal(1_000, first.TsMs);
        Assert.Equal([1f, 0f, 0f, 2_592_000f], first.Values);

        // i2 has no impression: its click is its own moment, after three events of which one is a click.
        var second = positives.Single(r => r.ItemId == "i2");
        Assert.Equal(3_000, second.TsMs);
        Assert.Equal([3f, 1f, 0f, 2_592_000f], second.Values);
    }

    [Fact]
    public void Every_row_equals_a_vector_built_from_only_the_events_before_its_moment()
    {
        var world = new SyntheticWorld(users: 60, items: 40, seed: 3);
        var history = EventHistory.FromEvents(SyntheticHistory.Generate(world, 1_700_000_000_000, 3_000));
        var rows = Backfill(history, NegativeSource.Sampled, perPositive: 3);
        var builder = VectorBuilder.Create(Catalog, Features);

        foreach (var row in rows.Where((_, i) => i % 37 == 0))
        {
            var replay = new HistoryReplay(Catalog);
            foreach (var e in history.Events.TakeWhile(e => e.TsMs < row.TsMs))
            {
                replay.Apply(e);
            }

            var expected = new float[builder.Width];
            replay.Build(builder, row.UserId, [row.ItemId], row.TsMs, expected);
            Assert.Equal(expected, row.Values);
        }
    }

    [Fact]
    public void A_view_is_positive_only_when_the_user_acts_on_the_item_within_the_window_after_it()
    {
        HistoryEvent[] events =
        [
            HistoryEvent.Of(Event("e1", "u1", "i1", InteractionType.View, 0)),
            HistoryEvent.Of(Event("e2", "u1", "i1", InteractionType.Purchase, 60_000)),
            HistoryEvent.Of(Event("e3", "u1", "i2", InteractionType.View, 100_000)),
            HistoryEvent.Of(Event("e4", "u1", "i2", InteractionType.Click, 100_000 + (31 * 60_000))),
            HistoryEvent.Of(Event("e5", "u2", "i1", InteractionType.View, 200_000)),
        ];

        var rows = Backfill(EventHistory.FromEvents(events), NegativeSource.Impressions);

        Assert.Equal(3, rows.Count); // one per view; the click and the purchase label views and are no rows of their own
        Assert.True(rows[0].Label);
        Assert.Equal(4, rows[0].Weight); // a purchase weighs 4 by default
        Assert.False(rows[1].Label);     // the click came 31 minutes later, outside the 30-minute window
        Assert.False(rows[2].Label);     // u1's purchase says nothing about u2
    }

    [Fact]
    public void Sampled_negatives_are_items_already_seen_and_never_the_positive_item()
    {
        var world = new SyntheticWorld(users: 30, items: 20, seed: 5);
        var history = EventHistory.FromEvents(SyntheticHistory.Generate(world, 1_700_000_000_000, 1_000));
        var rows = Backfill(history, NegativeSource.Sampled, perPositive: 3);

        var positives = rows.Where(r => r.Label).ToList();
        Assert.NotEmpty(positives);
        foreach (var group in rows.GroupBy(r => (r.UserId, r.TsMs)))
        {
            var positive = group.Single(r => r.Label);
            Assert.All(group.Where(r => !r.Label), n => Assert.NotEqual(positive.ItemId, n.ItemId));
            Assert.All(group.Where(r => !r.Label), n => Assert.Equal("sampled", n.Source));
        }
    }
}
