using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests.Serving;

public sealed class RecommendationCandidatesTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private static readonly FeatureEngine Engine = new(Catalog);
    private const long T0 = 1_800_000_000_000;

    private static EntityState User(params (string Item, InteractionType Type, string Category)[] events)
    {
        var user = new EntityState();
        var ts = T0;
        foreach (var (item, type, category) in events)
        {
            Engine.ApplyUser(user, new Interaction($"e{ts}", "u1", item, type, ts++, 0, null, category));
        }

        return user;
    }

    private static PopularityEntry[] Popular(params string[] items) => items.Select((item, rank) => new PopularityEntry(item, 100 - rank, T0)).ToArray();

    [Fact]
    public void Bought_items_and_the_callers_exclusions_are_left_out_but_items_only_viewed_are_not()
    {
        var user = User(("bought", InteractionType.Purchase, "shoes"), ("seen", InteractionType.View, "shoes"));

        var excluded = RecommendationCandidates.Excluded(user, ["hidden"]);

        Assert.Equal(["bought", "hidden"], excluded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Lists_merge_in_order_each_item_once_without_excluded_items()
    {
        var merged = RecommendationCandidates.Merge([Popular("a", "b", "x"), Popular("b", "c", "a")], new HashSet<string>(["x"], StringComparer.Ordinal));

        Assert.Equal(["a", "b", "c"], merged);
    }

    [Fact]
    public void At_most_max_candidates_are_kept()
    {
        var many = Enumerable.Range(0, RequestLimits.MaxCandidates + 50).Select(i => $"i{i}").ToArray();

        var merged = RecommendationCandidates.Merge([Popular(many)], []);

        Assert.Equal(RequestLimits.MaxCandidates, merged.Length);
        Assert.Equal("i0", merged[0]);
    }

    [Fact]
    public void Top_categories_follow_the_users_weighted_interest()
    {
        var user = User(("s1", InteractionType.View, "socks"), ("h1", InteractionType.Purchase, "hats"), ("b1", InteractionType.Click, "bags"),
            ("b2", InteractionType.Click, "bags"));

        Assert.Equal(["hats", "bags"], RecommendationCandidates.TopCategories(Catalog, user, 2));
        Assert.Empty(RecommendationCandidates.TopCategories(Catalog, new EntityState(), 3));
    }

    [Fact]
    public void The_global_list_asked_for_is_at_least_200_and_twice_k()
    {
        Assert.Equal(200, RecommendationCandidates.GlobalCount(10));
        Assert.Equal(600, RecommendationCandidates.GlobalCount(300));
    }
}
