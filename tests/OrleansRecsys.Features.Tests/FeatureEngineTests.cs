using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

[Collection(IdPoolTests.Collection)]
public sealed class FeatureEngineTests
{
    internal static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private static readonly FeatureEngine Engine = new(Catalog);
    private const long T0 = 1_800_000_000_000;
    private const long Hour = 3_600_000;

    private static Interaction Ev(InteractionType type, long ts, string item = "i1", double value = 0, string? category = "shoes") =>
        new("e", "u1", item, type, ts, value, null, category);

    private static double F(EntityState s, string name, long asOf)
    {
        Assert.True(Catalog.TryGet(name, out var def), name);
        return FeatureEngine.ReadNumber(def, s, asOf);
    }

    [Fact]
    public void Counts_and_sums_follow_the_event_type_filters()
    {
        var s = new EntityState();
        Engine.ApplyUser(s, Ev(InteractionType.View, T0));
        Engine.ApplyUser(s, Ev(InteractionType.Click, T0 + 1));
        Engine.ApplyUser(s, Ev(InteractionType.AddToCart, T0 + 2));
        Engine.ApplyUser(s, Ev(InteractionType.Purchase, T0 + 3, value: 40));
        Engine.ApplyUser(s, Ev(InteractionType.Purchase, T0 + 4, value: 2.5));
        Assert.Equal(5, F(s, "user_events_total", T0));
        Assert.Equal(1, F(s, "user_views_total", T0));
        Assert.Equal(1, F(s, "user_clicks_total", T0));
        Assert.Equal(1, F(s, "user_carts_total", T0));
        Assert.Equal(2, F(s, "user_purchases_total", T0));
        Assert.Equal(42.5, F(s, "user_spend_total", T0));
        Assert.Equal(10, F(s, "user_secs_since_last_event", T0 + 4 + 10_000));
    }

    [Fact]
    public void Decayed_counts_are_exact_for_out_of_order_events()
    {
        var times = new long[] { T0 + 5 * Hour, T0, T0 + 2 * Hour, T0 + Hour / 3, T0 + 7 * Hour, T0 + 3 * Hour };
        var s = new EntityState();
        foreach (var t in times)
        {
            Engine.ApplyUser(s, Ev(InteractionType.Click, t));
        }

        var asOf = T0 + 9 * Hour;
        double Expected(double halfLifeHours) => times.Sum(t => Math.Pow(2, -(asOf - t) / (halfLifeHours * Hour)));
        Assert.Equal(Expected(1), F(s, "user_clicks_decay_1h", asOf), 12);
        Assert.Equal(Expected(24), F(s, "user_clicks_decay_24h", asOf), 12);
        Assert.Equal(0, F(s, "user_views_decay_1h", asOf));
    }

    [Fact]
    public void Category_affinity_weights_types_decays_and_keeps_the_top_32()
    {
        var s = new EntityState();
        Engine.ApplyUser(s, Ev(InteractionType.View, T0, category: "shoes"));
        Engine.ApplyUser(s, Ev(InteractionType.Purchase, T0, value: 1, category: "shoes"));
        Engine.ApplyUser(s, Ev(InteractionType.Click, T0, category: "books"));
        var snap = Engine.Snapshot("u1", s, EntityKind.User, T0 + (7 * 24 * Hour));
        Assert.Equal(11 * 0.5, snap.Keyed["user_category_affinity"]["shoes"], 12);
        Assert.Equal(3 * 0.5, snap.Keyed["user_category_affinity"]["books"], 12);

        for (var c = 0; c < 40; c++)
        {
            Engine.ApplyUser(s, Ev(InteractionType.View, T0 + c, category: $"c{c:00}"));
        }

        var keys = Engine.Snapshot("u1", s, EntityKind.User, T0).Keyed["user_category_affinity"];
        Assert.Equal(32, keys.Count);
        Assert.Contains("shoes", keys.Keys);
        Assert.Contains("books", keys.Keys);
    }

    [Fact]
    public void Recent_items_are_distinct_newest_first_and_bounded()
    {
        var s = new EntityState();
        for (var i = 0; i < 60; i++)
        {
            Engine.ApplyUser(s, Ev(InteractionType.View, T0 + i, item: $"i{i}"));
        }

        Engine.ApplyUser(s, Ev(InteractionType.View, T0 + 1000, item: "i59"));
        Engine.ApplyUser(s, Ev(InteractionType.View, T0 + 500, item: "i30"));
        var recent = Engine.Snapshot("u1", s, EntityKind.User, T0 + 2000).Recent["user_recent_items"];
        Assert.Equal(50, recent.Length);
        Assert.Equal(("i59", T0 + 1000), (recent[0].Key, recent[0].LastSeenMs));
        Assert.Equal("i30", recent[1].Key);
        Assert.DoesNotContain(recent, r => r.Key == "i0");
        Assert.Equal(50, recent.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void Recent_items_in_any_order_are_the_50_keys_with_the_newest_times()
    {
        var rng = new Random(7);
        var events = Enumerable.Range(0, 2000).Select(i => (Item: $"i{rng.Next(120)}", Ts: T0 + (i * 10))).OrderBy(_ => rng.Next()).ToList();
        var s = new EntityState();
        foreach (var (item, ts) in events)
        {
            Engine.ApplyUser(s, Ev(InteractionType.View, ts, item: item));
        }

        var expected = events.GroupBy(e => e.Item).Select(g => (Key: g.Key, Ts: g.Max(e => e.Ts))).OrderByDescending(e => e.Ts).Take(50).ToList();
        var recent = Engine.Snapshot("u1", s, EntityKind.User, T0).Recent["user_recent_items"];
        Assert.Equal(expected, recent.Select(r => (r.Key, r.LastSeenMs)).ToList());
        Assert.All(recent, r => Assert.Equal(RecentKey.KeyHash(r.Key), r.Hash));
    }

    [Fact]
    public void Recent_lists_stored_without_hashes_or_order_are_upgraded_on_the_next_event()
    {
        var s = new EntityState();
        var legacy = Enumerable.Range(0, 50).Select(i => new RecentKey($"i{i}", T0 + ((i * 37) % 50), 0)).ToList();
        s.WritableRecent["user_recent_items"] = legacy;
        Engine.ApplyUser(s, Ev(InteractionType.View, T0 + 100, item: "i3"));   // a repeat, found despite hash 0
        Engine.ApplyUser(s, Ev(InteractionType.View, T0 + 101, item: "new")); // evicts the oldest (ts T0 + 0: i0)
        var list = s.Recent["user_recent_items"];
        Assert.Equal(50, list.Count);
        Assert.Equal(list.OrderBy(k => k.LastSeenMs).Select(k => k.Key), list.Select(k => k.Key));
        Assert.DoesNotContain(list, k => k.Key == "i0");
        Assert.Single(list, k => k.Key == "i3");
        Assert.Equal(T0 + 100, list.Single(k => k.Key == "i3").LastSeenMs);
        Assert.All(list, k => Assert.Equal(RecentKey.KeyHash(k.Key), k.Hash));
    }

    [Fact]
    public void Stored_item_ids_and_categories_share_one_instance_across_grains()
    {
        // Fresh copies, as parsing or deserializing gives every event.
        string Copy(string v) => new(v.AsSpan());
        var (a, b) = (new EntityState(), new EntityState());
        Engine.ApplyUser(a, Ev(InteractionType.View, T0, item: Copy("shared-item"), category: Copy("shared-cat")));
        Engine.ApplyUser(b, Ev(InteractionType.View, T0, item: Copy("shared-item"), category: Copy("shared-cat")));
        Assert.Same(a.Recent["user_recent_items"][0].Key, b.Recent["user_recent_items"][0].Key);
        Assert.Same(a.Keyed["user_category_affinity"].Keys.Single(), b.Keyed["user_category_affinity"].Keys.Single());
    }

    [Fact]
    public void Item_features_and_cross_features_follow_the_design_formulas()
    {
        var item = new EntityState();
        Engine.ApplyItem(item, new ItemUpsert("i1", "shoes", 50, [], T0));
        Engine.ApplyItem(item, new ItemUpsert("i1", "boots", 80, [], T0 - 10)); // older upsert loses
        for (var i = 0; i < 10; i++)
        {
            Engine.ApplyItem(item, Ev(InteractionType.View, T0 + i));
        }

        Engine.ApplyItem(item, Ev(InteractionType.Click, T0 + 20));
        var asOf = T0 + (2 * Hour);
        Assert.Equal((1 + 1) / (10 + 20.0), F(item, "item_ctr_smoothed", asOf), 12);
        Assert.Equal(50, F(item, "item_price", asOf));
        Assert.Equal((asOf - (T0 - 10)) / (double)Hour, F(item, "item_age_hours", asOf), 9);
        Assert.Equal("shoes", Engine.Snapshot("i1", item, EntityKind.Item, asOf).Labels["item_category"]);

        var user = new EntityState();
        Engine.ApplyUser(user, Ev(InteractionType.Purchase, T0, item: "i9", value: 100, category: "shoes"));
        Engine.ApplyUser(user, Ev(InteractionType.View, T0 + 1000, item: "i1", category: "books"));
        Assert.True(Catalog.TryGet("ui_price_to_user_avg", out var ratio));
        Assert.Equal(0.5, FeatureEngine.ReadCross(ratio, user, "i1", item, asOf), 12);
        Assert.True(Catalog.TryGet("ui_secs_since_user_saw_item", out var seen));
        Assert.Equal((asOf - (T0 + 1000)) / 1000.0, FeatureEngine.ReadCross(seen, user, "i1", item, asOf), 9);
        Assert.Equal(30 * 24 * 3600.0, FeatureEngine.ReadCross(seen, user, "i2", item, asOf));
        Assert.True(Catalog.TryGet("ui_category_affinity", out var aff));
        var d = Math.Pow(2, -(asOf - T0) / (7 * 24.0 * Hour));
        var db = Math.Pow(2, -(asOf - T0 - 1000) / (7 * 24.0 * Hour));
        Assert.Equal(10 * d / ((10 * d) + db + 1), FeatureEngine.ReadCross(aff, user, "i1", item, asOf), 12);
        Assert.Equal(1, FeatureEngine.ReadCross(ratio, new EntityState(), "i1", item, asOf));
    }

    [Fact]
    public void Vector_builder_rows_equal_the_per_feature_values()
    {
        string[] names = ["user_clicks_total", "item_price", "ui_category_affinity", "item_ctr_smoothed"];
        var builder = VectorBuilder.Create(Catalog, names);
        var user = new EntityState();
        Engine.ApplyUser(user, Ev(InteractionType.Click, T0, item: "a", category: "shoes"));
        var a = new EntityState();
        Engine.ApplyItem(a, new ItemUpsert("a", "shoes", 10, [], T0));
        var b = new EntityState();
        var rows = new float[2 * names.Length];
        builder.Build(user, ["a", "b"], [a, b], T0, rows);
        Assert.Equal([1f, 10f, (float)(3.0 / 4.0), 1 / 20f], rows[..4]);
        Assert.Equal([1f, 0f, 0f, 1 / 20f], rows[4..]);
    }

    [Theory]
    [InlineData("nope", "not in the catalogue")]
    [InlineData("item_category", "not a number")]
    [InlineData("user_recent_items", "not a number")]
    public void Vector_builder_refuses_unknown_or_non_numeric_features(string name, string message)
    {
        Assert.False(VectorBuilder.TryCreate(Catalog, ["user_clicks_total", name], out _, out var error));
        Assert.Contains(message, error);
    }
}
