using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

[Collection(IdPoolTests.Collection)]
public sealed class FreshnessTests
{
    private const long T0 = 1_800_000_000_000;
    private const long Hour = 3_600_000;

    private static readonly FeatureCatalog Catalog = FeatureCatalog.Parse("""
        { "version": 1, "features": [
          { "name": "clicks", "entity": "user", "agg": "count", "eventTypes": ["click"], "ttl": "2h", "default": -1 },
          { "name": "views", "entity": "user", "agg": "count", "eventTypes": ["view"], "ttl": "2h" },
          { "name": "events", "entity": "user", "agg": "count" },
          { "name": "since", "entity": "user", "derived": "secs_since_last_event", "cap": "1d", "ttl": "1h" },
          { "name": "affinity", "entity": "user", "agg": "keyed_decayed_sum", "key": "category", "halfLife": "7d", "topK": 4 },
          { "name": "recent", "entity": "user", "agg": "last_n_distinct", "key": "itemId", "n": 5 },
          { "name": "item_views", "entity": "item", "agg": "count", "eventTypes": ["view"], "ttl": "1d", "default": 7 },
          { "name": "item_category", "entity": "item", "source": "recsys.items", "agg": "last", "field": "category" },
          { "name": "ui_affinity", "entity": "cross", "derived": "key_share", "user": "affinity", "item": "item_category", "default": 0.25 }
        ] }
        """);

    private static readonly FeatureEngine Engine = new(Catalog);

    private static FeatureDefinition Feature(string name) => Catalog.TryGet(name, out var feature) ? feature : throw new InvalidOperationException(name);

    private static EntityState UserWith(params (InteractionType Type, long Ts)[] events)
    {
        var user = new EntityState();
        foreach (var (type, ts) in events)
        {
            Engine.ApplyUser(user, new Interaction("e", "u1", "i1", type, ts, 0, null, "shoes"));
        }

        return user;
    }

    private static FeatureStatus StatusAt(string name, EntityState state, long asOfMs)
    {
        FeatureReader.Read(Feature(name), state, asOfMs, out var changedMs);
        return Freshness.StatusOf(Feature(name), changedMs, asOfMs);
    }

    [Fact]
    public void A_value_is_present_up_to_its_ttl_and_expired_one_millisecond_later()
    {
        var user = UserWith((InteractionType.Click, T0));

        Assert.Equal(FeatureStatus.Present, StatusAt("clicks", user, T0 + (2 * Hour)));
        Assert.Equal(FeatureStatus.Expired, StatusAt("clicks", user, T0 + (2 * Hour) + 1));
    }

    [Fact]
    public void A_later_event_makes_an_expired_value_present_again()
    {
        var user = UserWith((InteractionType.Click, T0), (InteractionType.Click, T0 + (3 * Hour)));

        Assert.Equal(FeatureStatus.Present, StatusAt("clicks", user, T0 + (4 * Hour)));
    }

    [Fact]
    public void A_feature_without_a_ttl_never_expires_and_a_never_written_one_is_missing()
    {
        var user = UserWith((InteractionType.Click, T0));

        Assert.Equal(FeatureStatus.Present, StatusAt("events", user, T0 + (1000 * 24 * Hour)));
        Assert.Equal(FeatureStatus.Missing, StatusAt("views", user, T0));
    }

    [Fact]
    public void The_age_is_the_time_since_the_last_change_and_missing_values_have_none()
    {
        Assert.Equal(90, Freshness.AgeSeconds(T0, T0 + 90_000));
        Assert.Equal(0, Freshness.AgeSeconds(T0 + 5, T0));
        Assert.Null(Freshness.AgeSeconds(FeatureReader.Never, T0));
    }

    [Fact]
    public void Vectors_serve_expired_and_missing_values_as_the_declared_default_and_count_them()
    {
        var user = UserWith((InteractionType.Click, T0));
        var builder = VectorBuilder.Create(Catalog, ["clicks", "views", "events", "item_views"]);
        var items = new[] { new EntityState() };
        var rows = new float[4];
        var expired = new int[4];
        var missing = new int[4];

        builder.Build(user, null, ["i1"], items, T0 + (3 * Hour), rows, expired, missing);

        Assert.Equal([-1f, 0f, 1f, 7f], rows);
        Assert.Equal([1, 0, 0, 0], expired);
        Assert.Equal([0, 1, 0, 1], missing);
    }

    [Fact]
    public void An_expired_value_without_a_declared_default_reads_as_for_an_entity_without_events()
    {
        var user = UserWith((InteractionType.View, T0));
        var builder = VectorBuilder.Create(Catalog, ["views", "since"]);
        var rows = new float[2];

        builder.Build(user, ["i1"], new[] { new EntityState() }, T0 + (3 * Hour), rows);

        Assert.Equal([0f, 86_400f], rows);
    }

    [Fact]
    public void A_present_value_is_served_unchanged()
    {
        var user = UserWith((InteractionType.Click, T0), (InteractionType.Click, T0 + 1));
        var builder = VectorBuilder.Create(Catalog, ["clicks"]);
        var rows = new float[1];

        builder.Build(user, ["i1"], new[] { new EntityState() }, T0 + Hour, rows);

        Assert.Equal(2f, rows[0]);
    }

    [Fact]
    public void Defaults_recorded_with_a_model_win_over_the_catalogue_defaults()
    {
        var builder = VectorBuilder.Create(Catalog, ["clicks", "item_views"], new Dictionary<string, double> { ["clicks"] = 3 });
        var rows = new float[2];

        builder.Build(new EntityState(), ["i1"], new[] { new EntityState() }, T0, rows);

        Assert.Equal([3f, 7f], rows);
        Assert.Equal([3.0, 7.0], builder.Fallbacks);
    }

    [Fact]
    public void A_model_is_served_the_defaults_its_manifest_recorded_even_after_the_catalogue_default_changed()
    {
        // Trained when the catalogue's default for clicks was 5; the catalogue says -1 now.
        var trained = ManifestOf(new Dictionary<string, double> { ["clicks"] = 5, ["item_views"] = 7 });
        var rows = new float[2];

        VectorBuilder.Create(Catalog, trained).Build(new EntityState(), ["i1"], new[] { new EntityState() }, T0, rows);

        Assert.Equal([5f, 7f], rows);
    }

    [Fact]
    public void A_manifest_without_recorded_defaults_is_served_the_catalogue_defaults()
    {
        var rows = new float[2];

        VectorBuilder.Create(Catalog, ManifestOf(null)).Build(new EntityState(), ["i1"], new[] { new EntityState() }, T0, rows);

        Assert.Equal([-1f, 7f], rows);
    }

    [Fact]
    public void The_defaults_a_trainer_records_are_the_fallbacks_the_rows_carried()
    {
        var builder = VectorBuilder.Create(Catalog, ["clicks", "views", "item_views"]);

        Assert.Equal(new Dictionary<string, double> { ["clicks"] = -1, ["views"] = 0, ["item_views"] = 7 }, builder.ModelDefaults());
    }

    private static ModelManifest ManifestOf(Dictionary<string, double>? defaults) =>
        new("m", "v1", DateTimeOffset.UnixEpoch, ["clicks", "item_views"], "features", "score", [], "d", "sha", "t", [], null, defaults);

    [Fact]
    public void A_cross_feature_is_missing_while_one_side_of_the_pair_has_no_value()
    {
        var user = UserWith((InteractionType.Click, T0));
        var builder = VectorBuilder.Create(Catalog, ["ui_affinity"]);
        var rows = new float[1];
        var missing = new int[1];

        builder.Build(user, null, ["i1"], new[] { new EntityState() }, T0, rows, new int[1], missing);

        Assert.Equal(0.25f, rows[0]);
        Assert.Equal(1, missing[0]);
    }

    [Fact]
    public void A_feature_read_reports_status_and_age_for_every_shape()
    {
        var user = UserWith((InteractionType.Click, T0), (InteractionType.View, T0 + Hour));

        var read = Engine.Read("u1", user, EntityKind.User, T0 + (4 * Hour));

        Assert.Equal(new FeatureFreshness(Freshness.Expired, 4 * 3600), read.Freshness["clicks"]);
        Assert.Equal(new FeatureFreshness(Freshness.Expired, 3 * 3600), read.Freshness["views"]);
        Assert.Equal(new FeatureFreshness(Freshness.Present, 3 * 3600), read.Freshness["events"]);
        Assert.Equal(new FeatureFreshness(Freshness.Present, 3 * 3600), read.Freshness["affinity"]);
        Assert.Equal(new FeatureFreshness(Freshness.Present, 3 * 3600), read.Freshness["recent"]);
        Assert.Equal(1, read.Snapshot.Numbers["clicks"]);
    }

    [Fact]
    public void An_item_without_a_category_reports_it_missing()
    {
        var read = Engine.Read("i1", new EntityState(), EntityKind.Item, T0);

        Assert.Equal(new FeatureFreshness(Freshness.Missing, null), read.Freshness["item_category"]);
        Assert.Equal(new FeatureFreshness(Freshness.Missing, null), read.Freshness["item_views"]);
    }

    [Theory]
    [InlineData("\"ttl\": \"0s\"", "ttl")]
    [InlineData("\"ttl\": \"soon\"", "ttl")]
    [InlineData("\"ttl\": \"4000d\"", "ttl")]
    public void A_bad_ttl_stops_the_catalogue_naming_the_feature_and_field(string field, string name)
    {
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(
            "{ \"version\": 1, \"features\": [ { \"name\": \"clicks\", \"entity\": \"user\", \"agg\": \"count\", " + field + " } ] }"));

        Assert.Contains($"feature 'clicks', field '{name}'", ex.Message);
    }

    [Fact]
    public void Only_number_features_take_a_default()
    {
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse("""
            { "version": 1, "features": [ { "name": "cat", "entity": "item", "source": "recsys.items", "agg": "last", "field": "category", "default": 1 } ] }
            """));

        Assert.Contains("feature 'cat', field 'default'", ex.Message);
    }
}
