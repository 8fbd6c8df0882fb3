using OrleansRecsys.Features;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void Default_catalogue_declares_every_design_feature()
    {
        string[] design =
        [
            "user_events_total", "user_views_total", "user_clicks_total", "user_carts_total", "user_purchases_total",
            "user_views_decay_1h", "user_clicks_decay_1h", "user_clicks_decay_24h", "user_purchases_decay_7d", "user_spend_total",
            "user_secs_since_last_event", "user_category_affinity", "user_recent_items", "item_views_total", "item_clicks_total",
            "item_purchases_total", "item_views_decay_1h", "item_clicks_decay_1h", "item_purchases_decay_24h", "item_ctr_smoothed",
            "item_price", "item_category", "item_age_hours", "ui_category_affinity", "ui_secs_since_user_saw_item", "ui_price_to_user_avg",
        ];
        foreach (var name in design)
        {
            Assert.True(FeatureEngineTests.Catalog.TryGet(name, out _), name);
        }
    }

    [Theory]
    [InlineData("""{"features":[{"name":"a","entity":"user","agg":"median"}]}""", "feature 'a', field 'agg': unknown aggregation 'median'")]
    [InlineData("""{"features":[{"name":"a","entity":"user","agg":"count"},{"name":"a","entity":"user","agg":"count"}]}""", "feature 'a' (entry 1) is declared twice")]
    [InlineData("""{"features":[{"name":"d","entity":"user","agg":"decayed_count","halfLife":"-1h"}]}""", "feature 'd', field 'halfLife': must be a positive duration")]
    [InlineData("""{"features":[{"name":"d","entity":"user","agg":"decayed_count","halfLife":"soon"}]}""", "feature 'd', field 'halfLife'")]
    [InlineData("""{"features":[{"name":"c","entity":"user","agg":"count","eventTypes":["like"]}]}""", "feature 'c', field 'eventTypes': unknown event type 'like'")]
    [InlineData("""{"features":[{"name":"r","entity":"item","derived":"smoothed_ratio","numerator":"x","denominator":"y","beta":1}]}""", "feature 'r', field 'numerator': refers to unknown feature 'x'")]
    [InlineData("""{"features":[{"name":"x","entity":"planet","agg":"count"}]}""", "feature 'x', field 'entity': must be user, item, cross or context")]
    [InlineData("""{"features":[{"name":"x","entity":"user","agg":"count","colour":"red"}]}""", "not valid JSON")]
    [InlineData("""{"features":[{"name":"k","entity":"user","agg":"keyed_decayed_sum","key":"category","halfLife":"1h"}]}""", "feature 'k', field 'topK': must be 1..1000")]
    [InlineData("""{"features":[{"name":"l","entity":"user","agg":"last_n_distinct","key":"itemId","n":0}]}""", "feature 'l', field 'n': must be 1..1000")]
    [InlineData("""{"features":[{"name":"s","entity":"item","derived":"key_share","user":"u","item":"i"}]}""", "feature 's', field 'derived': derived kind 'key_share' needs entity 'cross'")]
    public void Bad_entries_stop_loading_and_name_the_entry(string json, string message)
    {
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(json));
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData(1, 0, "feature 'ctr', field 'beta': must be a finite number > 0")]
    [InlineData(-1, 20, "feature 'ctr', field 'alpha': must be a finite number >= 0")]
    [InlineData(-1, 0, "feature 'ctr', field 'alpha'")]
    public void Smoothed_ratio_needs_alpha_at_least_zero_and_beta_above_zero(double alpha, double beta, string message)
    {
        var json = $$"""
            {"features":[
              {"name":"clicks","entity":"item","agg":"count","eventTypes":["click"]},
              {"name":"views","entity":"item","agg":"count","eventTypes":["view"]},
              {"name":"ctr","entity":"item","derived":"smoothed_ratio","numerator":"clicks","denominator":"views","alpha":{{alpha}},"beta":{{beta}}}
            ]}
            """;
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(json));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Smoothed_ratio_with_valid_smoothing_reads_the_formula()
    {
        var catalog = FeatureCatalog.Parse("""
            {"features":[
              {"name":"clicks","entity":"item","agg":"count","eventTypes":["click"]},
              {"name":"views","entity":"item","agg":"count","eventTypes":["view"]},
              {"name":"ctr","entity":"item","derived":"smoothed_ratio","numerator":"clicks","denominator":"views","alpha":0,"beta":0.5}
            ]}
            """);
        Assert.True(catalog.TryGet("ctr", out var ctr));
        Assert.Equal(0, FeatureEngine.ReadNumber(ctr, new EntityState(), 0));
    }

    [Fact]
    public void A_missing_catalogue_file_names_the_setting_that_points_to_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "features.json");
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("Recsys:Grid:CatalogPath", ex.Message);
    }
}
