namespace OrleansRecsys.Features.Tests;

/// <summary>A catalogue is validated whole, at start and on reload; every refusal names the feature and the field.</summary>
public sealed class CatalogValidationTests
{
    [Theory]
    [InlineData("""{"features":[{"name":"a","entity":"user","agg":"median"}]}""", "feature 'a', field 'agg': unknown aggregation 'median'")]
    [InlineData("""{"features":[{"name":"a","entity":"item","derived":"guess"}]}""", "feature 'a', field 'derived': unknown derived kind 'guess'")]
    [InlineData("""{"features":[{"name":"a","entity":"user","agg":"count","ttl":"0s"}]}""", "feature 'a', field 'ttl': must be a positive duration")]
    [InlineData("""{"features":[{"name":"a","entity":"user","agg":"count","ttl":"3651d"}]}""", "feature 'a', field 'ttl': must be a positive duration up to 3650d")]
    [InlineData("""{"features":[{"name":"a","entity":"user","agg":"count","ttl":"soon"}]}""", "feature 'a', field 'ttl'")]
    [InlineData("""{"version":2,"features":[{"name":"a","entity":"user","agg":"count","since":3}]}""", "feature 'a', field 'since': must be 1..2, the catalogue's version (got 3)")]
    [InlineData("""{"version":0,"features":[{"name":"a","entity":"user","agg":"count"}]}""", "feature catalogue, field 'version': must be 1..")]
    public void A_bad_entry_is_refused_with_the_feature_and_the_field(string json, string message)
    {
        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(json));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Cross_features_that_read_each_other_in_a_circle_are_refused_with_the_circle_named()
    {
        const string json = """
            {"features":[
              {"name":"r1","entity":"item","derived":"smoothed_ratio","numerator":"r2","denominator":"c","beta":1},
              {"name":"r2","entity":"item","derived":"smoothed_ratio","numerator":"r1","denominator":"c","beta":1},
              {"name":"c","entity":"item","agg":"count"}]}
            """;

        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(json));

        Assert.Equal("feature 'r2', field 'numerator': reads itself through a cycle (r1 -> r2 -> r1)", ex.Message);
    }

    [Fact]
    public void A_feature_that_reads_itself_is_a_cycle_of_one()
    {
        const string json = """{"features":[{"name":"s","entity":"item","derived":"smoothed_ratio","numerator":"s","denominator":"s","beta":1}]}""";

        var ex = Assert.Throws<CatalogException>(() => FeatureCatalog.Parse(json));

        Assert.Equal("feature 's', field 'numerator': reads itself through a cycle (s -> s)", ex.Message);
    }

    [Fact]
    public void A_catalogue_without_a_version_is_version_1_and_its_features_date_from_it()
    {
        var catalog = FeatureCatalog.Parse("""{"features":[{"name":"a","entity":"user","agg":"count"}]}""");

        Assert.Equal(1, catalog.Version);
        Assert.True(catalog.TryGet("a", out var feature));
        Assert.Equal(1, feature.Since);
    }

    [Fact]
    public void The_shipped_catalogue_loads_with_its_version()
    {
        Assert.True(FeatureEngineTests.Catalog.Version >= 1);
    }
}
