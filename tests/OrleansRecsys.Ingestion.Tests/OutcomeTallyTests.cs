namespace OrleansRecsys.Ingestion.Tests;

public sealed class OutcomeTallyTests
{
    [Fact]
    public void Counts_clicks_carts_and_purchases_per_model_version_named_by_the_request_id()
    {
        var tally = new OutcomeTally();
        tally.Count(new AttributedEvent("r1~ranker~v1", InteractionType.Click));
        tally.Count(new AttributedEvent("r2~ranker~v1", InteractionType.Click));
        tally.Count(new AttributedEvent("r3~ranker~v1", InteractionType.Purchase));
        tally.Count(new AttributedEvent("r4~ranker~v2", InteractionType.AddToCart));
        tally.Count(new AttributedEvent("r5~ranker~v2", InteractionType.View));
        tally.Count(new AttributedEvent("no-model", InteractionType.Click));

        var outcomes = tally.Take();

        Assert.Equal(["ranker"], outcomes.Keys);
        Assert.Equal(
            [new OutcomeDelta("v1", 2, 0, 1), new OutcomeDelta("v2", 0, 1, 0)],
            outcomes["ranker"].OrderBy(o => o.Version, StringComparer.Ordinal));
        Assert.Empty(tally.Take());
    }
}
