using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

[Collection(IdPoolTests.Collection)]
public sealed class ContextFeatureTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Parse("""
        { "version": 1, "features": [
          { "name": "item_category", "entity": "item", "source": "recsys.items", "agg": "last", "field": "category" },
          { "name": "hour", "entity": "context", "type": "number", "default": 12 },
          { "name": "page", "entity": "context", "type": "label" },
          { "name": "matches_page", "entity": "cross", "derived": "label_match", "context": "page", "item": "item_category" }
        ] }
        """);

    private static ServingContext Context(string? page = null, double? hour = null) => new(
        page is null ? [] : new Dictionary<string, string> { ["page"] = page },
        hour is null ? [] : new Dictionary<string, double> { ["hour"] = hour.Value });

    private static EntityState Item(string category)
    {
        var item = new EntityState();
        new FeatureEngine(Catalog).ApplyItem(item, new ItemUpsert("i", category, 1, [], 1000));
        return item;
    }

    [Fact]
    public void Context_values_and_context_item_matches_go_into_every_row()
    {
        var builder = VectorBuilder.Create(Catalog, ["hour", "matches_page"]);
        var rows = new float[4];

        builder.Build(new EntityState(), Context("shoes", 14), ["i1", "i2"], [Item("shoes"), Item("garden")], 2000, rows, new int[2], new int[2]);

        Assert.Equal([14f, 1f, 14f, 0f], rows);
    }

    [Fact]
    public void A_context_value_the_request_does_not_give_is_missing_and_reads_the_default()
    {
        var builder = VectorBuilder.Create(Catalog, ["hour", "matches_page"]);
        var rows = new float[2];
        var missing = new int[2];

        builder.Build(new EntityState(), null, ["i1"], [Item("shoes")], 2000, rows, new int[2], missing);

        Assert.Equal([12f, 0f], rows);
        Assert.Equal([1, 1], missing);
    }

    [Fact]
    public void The_catalogue_names_a_context_key_it_does_not_declare_and_lists_the_declared_ones()
    {
        var broken = Catalog.CheckContext(new ServingContext(new() { ["weather"] = "rain" }, []));

        Assert.Equal("context.weather", broken!.Value.Field);
        Assert.Contains("declared: hour, page", broken.Value.Message);
    }

    [Fact]
    public void The_catalogue_refuses_a_context_value_of_the_wrong_type()
    {
        Assert.Equal("context.hour", Catalog.CheckContext(new ServingContext(new() { ["hour"] = "14" }, []))!.Value.Field);
        Assert.Equal("context.page", Catalog.CheckContext(new ServingContext([], new() { ["page"] = 3 }))!.Value.Field);
        Assert.Null(Catalog.CheckContext(Context("shoes", 14)));
    }

    [Theory]
    [InlineData("\"type\": \"date\"", "type")]
    [InlineData("\"type\": \"number\", \"agg\": \"count\"", "agg")]
    [InlineData("\"type\": \"number\", \"ttl\": \"1h\"", "ttl")]
    [InlineData("\"type\": \"label\", \"default\": 1", "default")]
    public void A_bad_context_entry_stops_the_catalogue_naming_the_feature_and_field(string fields, string field)
    {
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(
            "{ \"version\": 1, \"features\": [ { \"name\": \"hour\", \"entity\": \"context\", " + fields + " } ] }"));

        Assert.Contains($"feature 'hour', field '{field}'", ex.Message);
    }

    [Fact]
    public void A_label_match_must_read_a_context_label()
    {
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse("""
            { "version": 1, "features": [
              { "name": "item_category", "entity": "item", "source": "recsys.items", "agg": "last", "field": "category" },
              { "name": "hour", "entity": "context", "type": "number" },
              { "name": "m", "entity": "cross", "derived": "label_match", "context": "hour", "item": "item_category" } ] }
            """));

        Assert.Contains("feature 'm', field 'context'", ex.Message);
    }
}
