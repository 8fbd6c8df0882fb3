using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

public sealed class WatermarkAdvanceTests
{
    private static readonly Deduplication Day = new(86_400_000, 1000);

    [Fact]
    public void A_batch_of_only_repeated_event_ids_still_advances_the_watermark_and_reports_it()
    {
        var engine = new FeatureEngine(FeatureEngineTests.Catalog);
        var s = new EntityState();
        SourcedEvent E(long offset) => new("t/0", offset, new Interaction("same-id", "u", "i", InteractionType.View, 1000, 0, null), null);
        BatchApplier.Apply(s, new ApplyBatch([E(0)], []), (st, e) => engine.ApplyUser(st, e.Interaction!), Day);
        var second = BatchApplier.Apply(s, new ApplyBatch([E(1)], []), (st, e) => engine.ApplyUser(st, e.Interaction!), Day);
        Assert.Equal((0, 1, 1), (second.Applied, second.Duplicates, second.Advanced)); // the grain must flush it, or the commit waits forever
        Assert.Equal(1, s.WatermarksSnapshot()["t/0"]);
        var replay = BatchApplier.Apply(s, new ApplyBatch([E(1)], []), (st, e) => engine.ApplyUser(st, e.Interaction!), Day);
        Assert.Equal(0, replay.Advanced);
    }
}
