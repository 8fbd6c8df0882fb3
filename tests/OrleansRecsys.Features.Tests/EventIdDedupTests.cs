using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

public sealed class EventIdDedupTests
{
    [Fact]
    public void The_same_event_id_at_a_new_offset_counts_once_within_the_window()
    {
        var engine = new FeatureEngine(FeatureEngineTests.Catalog);
        var s = new EntityState();
        SourcedEvent E(long offset, string id) => new("t/0", offset, new Interaction(id, "u", "i", InteractionType.Click, 1000 + offset, 0, null), null);
        var r = BatchApplier.Apply(s, new ApplyBatch([E(0, "a"), E(1, "b"), E(2, "a")], []), (st, e) => engine.ApplyUser(st, e.Interaction!));
        Assert.Equal((2, 1), (r.Applied, r.Duplicates));
        Assert.Equal(2, s.Cells["user_clicks_total"].Value);
        Assert.Equal(2, s.WatermarksSnapshot()["t/0"]);
        for (var i = 0; i < BatchApplier.EventIdWindow; i++)
        {
            BatchApplier.Apply(s, new ApplyBatch([E(10 + i, "x" + i)], []), (st, e) => engine.ApplyUser(st, e.Interaction!));
        }

        var late = BatchApplier.Apply(s, new ApplyBatch([E(500, "a")], []), (st, e) => engine.ApplyUser(st, e.Interaction!));
        Assert.Equal(1, late.Applied);
    }
}
