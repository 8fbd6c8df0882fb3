using OrleansRecsys.Features.Candidates;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests.Candidates;

public sealed class CandidateGeneratorTests
{
    private static Candidate[] Generate(CandidateWorld world, string userId, params string[] exclude) =>
        new CandidateGenerator(world.Rules).GenerateAsync(world.User(userId), exclude, world).AsTask().GetAwaiter().GetResult();

    /// <summary>A shop where every item is popular and the user touched one item per event type.</summary>
    private static CandidateWorld TouchedOncePerType(params string[] excludeSeen)
    {
        var world = new CandidateWorld(new CandidateOptions { ExcludeSeen = { EventTypes = excludeSeen } });
        world.Popular[PopularityKeys.Global] = ["viewed", "clicked", "carted", "bought", "fresh"];
        world.Apply("u1", "viewed", InteractionType.View, 0);
        world.Apply("u1", "clicked", InteractionType.Click, 1);
        world.Apply("u1", "carted", InteractionType.AddToCart, 2);
        world.Apply("u1", "bought", InteractionType.Purchase, 3);
        return world;
    }

    [Theory]
    [InlineData(new[] { "purchase" }, new[] { "viewed", "clicked", "carted", "fresh" })]
    [InlineData(new[] { "click", "add_to_cart", "purchase" }, new[] { "viewed", "fresh" })]
    [InlineData(new[] { "view", "click", "add_to_cart", "purchase" }, new[] { "fresh" })]
    public void Items_seen_with_a_configured_event_type_are_never_returned(string[] excludeSeen, string[] expected)
    {
        var candidates = Generate(TouchedOncePerType(excludeSeen), "u1");

        Assert.Equal(expected, candidates.Select(c => c.ItemId));
    }

    [Fact]
    public void An_item_viewed_and_later_bought_is_seen_as_bought_and_one_bought_then_viewed_again_too()
    {
        var world = new CandidateWorld(new CandidateOptions { ExcludeSeen = { EventTypes = ["purchase"] } });
        world.Popular[PopularityKeys.Global] = ["a", "b", "c"];
        world.Apply("u1", "a", InteractionType.View, 0);
        world.Apply("u1", "a", InteractionType.Purchase, 1);
        world.Apply("u1", "b", InteractionType.Purchase, 2);
        world.Apply("u1", "b", InteractionType.View, 3);

        Assert.Equal(["c"], Generate(world, "u1").Select(c => c.ItemId));
    }

    [Fact]
    public void A_recent_list_stored_before_entries_had_types_counts_every_type_its_feature_accepts()
    {
        var world = new CandidateWorld(new CandidateOptions { ExcludeSeen = { EventTypes = ["purchase"] } });
        world.Popular[PopularityKeys.Global] = ["old-view", "old-buy", "new"];
        var user = world.User("u1");
        // Entries as an earlier build stored them: no type bits.
        user.WritableRecent["user_recent_items"] = [new RecentKey("old-view", CandidateWorld.T0), new RecentKey("old-buy", CandidateWorld.T0)];
        user.WritableRecent["user_recent_purchases"] = [new RecentKey("old-buy", CandidateWorld.T0)];

        // The purchase list accepts purchases only: its entry is a purchase. The all-types list's entries could be
        // anything; it counts as every type, so "old-view" is excluded too rather than shown again by mistake.
        Assert.Equal(["new"], Generate(world, "u1").Select(c => c.ItemId));
    }

    [Fact]
    public void Sources_come_in_order_co_visitation_category_popular_each_up_to_its_quota_and_every_item_once()
    {
        var world = new CandidateWorld(new CandidateOptions { Quotas = { CoVisitation = 2, Category = 3, Popular = 2 }, ExcludeSeen = { EventTypes = ["purchase"] } });
        foreach (var (before, times) in new[] { ("co1", 3), ("co2", 2), ("co3", 1) })
        {
            for (var n = 0; n < times; n++)
            {
                // Other users touched co1..co3 just before "seed": seed's sketch counts them (co1 most often).
                world.Apply($"{before}-{n}", before, InteractionType.View, 0);
                world.Apply($"{before}-{n}", "seed", InteractionType.View, 1);
            }
        }

        world.Popular[PopularityKeys.Category("books")] = ["co1", "book1", "book2", "book3", "book4"];
        world.Popular[PopularityKeys.Global] = ["book1", "pop1", "pop2", "pop3"];
        world.Apply("u1", "seed", InteractionType.View, 5, "books");

        Assert.Equal(
            [
                new Candidate("co1", CandidateSources.CoVisitation), new Candidate("co2", CandidateSources.CoVisitation),
                new Candidate("book1", CandidateSources.Category), new Candidate("book2", CandidateSources.Category), new Candidate("book3", CandidateSources.Category),
                new Candidate("pop1", CandidateSources.Popular), new Candidate("pop2", CandidateSources.Popular),
            ],
            Generate(world, "u1"));
    }

    [Fact]
    public void A_quota_of_zero_turns_its_source_off_and_the_callers_exclusions_are_left_out()
    {
        var world = new CandidateWorld(new CandidateOptions { Quotas = { CoVisitation = 0, Category = 0, Popular = 3 } });
        world.Popular[PopularityKeys.Global] = ["a", "b", "c", "d"];
        world.Apply("x", "a", InteractionType.View, 0);
        world.Apply("x", "b", InteractionType.View, 1);
        world.Apply("u1", "b", InteractionType.View, 2, "books");

        Assert.Equal(["a", "c", "d"], Generate(world, "u1", "b").Select(c => c.ItemId));
    }

    [Fact]
    public void Top_categories_follow_the_users_weighted_interest()
    {
        var world = new CandidateWorld();
        world.Apply("u1", "s1", InteractionType.View, 0, "socks");
        world.Apply("u1", "h1", InteractionType.Purchase, 1, "hats");
        world.Apply("u1", "b1", InteractionType.Click, 2, "bags");
        world.Apply("u1", "b2", InteractionType.Click, 3, "bags");
        var generator = new CandidateGenerator(world.Rules);

        Assert.Equal(["hats", "bags"], generator.TopCategories(world.User("u1"), 2));
        Assert.Empty(generator.TopCategories(new EntityState(), 3));
    }

    [Fact]
    public void A_recent_items_feature_that_is_not_an_unfiltered_item_list_is_refused_naming_the_key()
    {
        var problem = CandidateRules.Check(FeatureEngineTests.Catalog, new CandidateOptions { RecentItemsFeature = "user_recent_purchases" });

        Assert.Contains("Recsys:Candidates:RecentItemsFeature", problem);
        Assert.Contains("Recsys:Candidates:ExcludeSeen:EventTypes",
            CandidateRules.Check(FeatureEngineTests.Catalog, new CandidateOptions { ExcludeSeen = { EventTypes = ["like"] } }));
    }
}
