using OrleansRecsys.Grains.Batch;

namespace OrleansRecsys.Grains.Tests.Batch;

public sealed class RecommendationSourcingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static PrecomputedRecommendations Stored(TimeSpan age, int k = 10) =>
        new("u1", "ranker", "v1", "ranker-run-1", Now - age, k, [new RankedItem("i1", 0.5)]);

    [Theory]
    [InlineData(0, 10, true, "precomputed", "fresh")]
    [InlineData(60_000, 10, true, "precomputed", "fresh")] // exactly at the bound
    [InlineData(60_001, 10, true, "online", "stale")]
    [InlineData(0, 11, true, "online", "too_short")]
    [InlineData(60_001, 10, false, "popular", "no_history")]
    [InlineData(0, 5, false, "precomputed", "fresh")] // a fresh list answers even for a user whose history is gone
    public void A_stored_list_answers_when_fresh_and_long_enough(int ageMs, int k, bool hasHistory, string source, string reason)
    {
        Assert.Equal((source, reason), RecommendationSourcing.Choose(Stored(TimeSpan.FromMilliseconds(ageMs)), k, 60_000, Now, hasHistory));
    }

    [Fact]
    public void Without_a_list_a_known_user_is_ranked_online_and_a_stranger_gets_popular_items()
    {
        Assert.Equal((RecommendationSources.Online, RecommendationReasons.Missing), RecommendationSourcing.Choose(null, 10, 60_000, Now, hasHistory: true));
        Assert.Equal((RecommendationSources.Popular, RecommendationReasons.NoHistory), RecommendationSourcing.Choose(null, 10, 60_000, Now, hasHistory: false));
    }
}
