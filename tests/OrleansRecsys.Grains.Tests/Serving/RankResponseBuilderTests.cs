using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests.Serving;

public sealed class RankResponseBuilderTests
{
    private static readonly DateTimeOffset AsOf = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static RankRequest Request(int k, params string[] candidates) => new("u1", candidates, k, "ranker", "r1");

    private static double NeverAsked(string itemId) => throw new InvalidOperationException("popularity is read only when the baseline answers");

    [Fact]
    public void Model_scores_order_the_candidates_best_first_with_ties_in_candidate_order()
    {
        var outcome = new RankingOutcome("r1", Variants.Canary, "v2", ScoringResult.Scored([0.2f, 0.9f, 0.2f, 0.5f], ["f"], null, 0.1));

        var response = RankResponseBuilder.Build(Request(3, "a", "b", "c", "d"), AsOf, outcome, NeverAsked);

        Assert.Equal(["b", "d", "a"], response.Items.Select(i => i.ItemId));
        Assert.Equal(0.9f, response.Items[0].Score, 6);
        Assert.False(response.Fallback);
        Assert.Null(response.FallbackReason);
        Assert.Equal(("r1", "ranker", "v2", Variants.Canary, AsOf), (response.RequestId, response.Model, response.Version, response.Variant, response.AsOf));
    }

    [Fact]
    public void K_beyond_the_candidates_returns_every_candidate()
    {
        var outcome = new RankingOutcome("r1", Variants.Stable, "v1", ScoringResult.Scored([1f, 2f], ["f"], null, 0.1));

        Assert.Equal(["b", "a"], RankResponseBuilder.Build(Request(10, "a", "b"), AsOf, outcome, NeverAsked).Items.Select(i => i.ItemId));
    }

    [Fact]
    public void The_baseline_orders_by_popularity_and_names_its_reason()
    {
        var popularity = new Dictionary<string, double> { ["a"] = 1, ["b"] = 7, ["c"] = 3 };
        var outcome = new RankingOutcome("r1", Variants.Stable, "v1", ScoringResult.Fallback(FallbackReasons.Deadline));

        var response = RankResponseBuilder.Build(Request(2, "a", "b", "c"), AsOf, outcome, item => popularity[item]);

        Assert.Equal(["b", "c"], response.Items.Select(i => i.ItemId));
        Assert.Equal([7.0, 3.0], response.Items.Select(i => i.Score));
        Assert.True(response.Fallback);
        Assert.Equal(FallbackReasons.Deadline, response.FallbackReason);
    }

    [Fact]
    public void Missing_scores_without_a_reason_are_reported_as_a_model_error()
    {
        var outcome = new RankingOutcome("r1", Variants.Stable, "v1", new ScoringResult(null, null, [], null));

        Assert.Equal(FallbackReasons.ModelError, RankResponseBuilder.Build(Request(1, "a"), AsOf, outcome, _ => 0).FallbackReason);
    }

    [Theory]
    [InlineData(FallbackReasons.ModelError, true)]
    [InlineData(FallbackReasons.ModelUnhealthy, true)]
    [InlineData(FallbackReasons.Deadline, false)]
    [InlineData(FallbackReasons.FeatureError, false)]
    [InlineData(FallbackReasons.NoModel, false)]
    public void Only_the_models_own_failures_count_as_errors_for_guardrails(string reason, bool modelError) =>
        Assert.Equal(modelError, new RankingOutcome("r1", Variants.Stable, "v1", ScoringResult.Fallback(reason)).IsModelError);
}
