using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

public sealed class ExactlyOnceTests
{
    private static SourcedEvent E(string source, long offset) =>
        new(source, offset, new Interaction(source + "#" + offset, "u", "i", InteractionType.Click, 1000 + offset, 0, null), null);

    private static readonly FeatureEngine Engine = new(FeatureEngineTests.Catalog);

    [Fact]
    public void Replayed_offsets_change_nothing()
    {
        var s = new EntityState();
        var batch = new ApplyBatch([E("t/0", 0), E("t/0", 1), E("t/1", 0)], []);
        var first = BatchApplier.Apply(s, batch, (st, e) => Engine.ApplyUser(st, e.Interaction!));
        var second = BatchApplier.Apply(s, batch, (st, e) => Engine.ApplyUser(st, e.Interaction!));
        Assert.Equal((3, 0, false), (first.Applied, first.Duplicates, first.LostState));
        Assert.Equal((0, 3, false), (second.Applied, second.Duplicates, second.LostState));
        Assert.Equal(3, s.Cells["user_clicks_total"].Value);
        Assert.Equal(1, s.WatermarksSnapshot()["t/0"]);
    }

    [Fact]
    public void Watermarks_stored_as_a_dictionary_by_earlier_versions_still_count()
    {
        // Field 8 of the stored state held a dictionary before watermarks became an array (field 11).
        var s = new EntityState();
        typeof(EntityState).GetField("_legacyWatermarks", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .SetValue(s, new Dictionary<string, long> { ["t/0"] = 5, ["t/1"] = 2 });
        var r = BatchApplier.Apply(s, new ApplyBatch([E("t/0", 5), E("t/0", 6), E("t/1", 2), E("t/2", 0)], new Dictionary<string, long> { ["t/0"] = 5 }), (st, e) => Engine.ApplyUser(st, e.Interaction!));
        Assert.Equal((2, 2, false), (r.Applied, r.Duplicates, r.LostState));
        Assert.Equal(new Dictionary<string, long> { ["t/0"] = 6, ["t/1"] = 2, ["t/2"] = 0 }, s.WatermarksSnapshot());
    }

    [Fact]
    public void A_grain_behind_what_the_consumer_applied_refuses_the_batch()
    {
        var s = new EntityState();
        BatchApplier.Apply(s, new ApplyBatch([E("t/0", 4)], []), (st, e) => Engine.ApplyUser(st, e.Interaction!));
        var refused = BatchApplier.Apply(s, new ApplyBatch([E("t/0", 9)], new() { ["t/0"] = 7 }), (st, e) => Engine.ApplyUser(st, e.Interaction!));
        Assert.True(refused.LostState);
        Assert.Equal(1, s.Cells["user_clicks_total"].Value);
        var accepted = BatchApplier.Apply(s, new ApplyBatch([E("t/0", 9)], new() { ["t/0"] = 4 }), (st, e) => Engine.ApplyUser(st, e.Interaction!));
        Assert.Equal(1, accepted.Applied);
    }
}
