namespace OrleansRecsys.Features.Tests;

/// <summary>What a running grid accepts as its next catalogue version: old model versions keep every feature they read.</summary>
public sealed class CatalogCompatibilityTests
{
    private const string V1 = """
        {"version":1,"features":[
          {"name":"clicks","entity":"item","agg":"count","eventTypes":["click"]},
          {"name":"views","entity":"item","agg":"count","eventTypes":["view"]},
          {"name":"ctr","entity":"item","derived":"smoothed_ratio","numerator":"clicks","denominator":"views","alpha":1,"beta":20},
          {"name":"spare","entity":"user","agg":"count","ttl":"1d"}]}
        """;

    private static readonly ModelFeatureUse Ranker = new("ranker", "v1", ["ctr", "spare"]);

    [Fact]
    public void Removing_a_feature_a_registered_version_reads_is_refused_naming_the_version_and_the_feature()
    {
        var change = Check(V1.Replace("""  {"name":"spare","entity":"user","agg":"count","ttl":"1d"}""", """  {"name":"other","entity":"user","agg":"count","since":2}""").Replace("\"version\":1", "\"version\":2"));

        Assert.Equal(CatalogChangeKind.Incompatible, change.Kind);
        Assert.Contains("ranker@v1 needs feature 'spare'", change.Error);
        Assert.Contains("removes", change.Error);
    }

    [Fact]
    public void Changing_an_input_of_a_derived_feature_a_version_reads_is_refused_naming_the_derived_feature()
    {
        var change = Check(V2(V1.Replace("\"alpha\":1", "\"alpha\":2")));

        Assert.Equal(CatalogChangeKind.Incompatible, change.Kind);
        Assert.Contains("ranker@v1 needs feature 'ctr', which catalogue version 2 changes", change.Error);
    }

    [Fact]
    public void Changing_what_a_stored_aggregation_computes_is_refused_even_when_no_version_reads_it()
    {
        var change = CatalogCompatibility.Check(FeatureCatalog.Parse(V1), FeatureCatalog.Parse(V2(V1.Replace("\"eventTypes\":[\"view\"]", "\"eventTypes\":[\"view\",\"click\"]"))), []);

        Assert.Equal(CatalogChangeKind.Incompatible, change.Kind);
        Assert.Contains("feature 'views'", change.Error);
        Assert.Contains("new name", change.Error);
    }

    [Fact]
    public void A_new_feature_must_say_which_version_added_it()
    {
        var change = Check(V2(WithFeature(V1, """{"name":"carts","entity":"user","agg":"count","eventTypes":["add_to_cart"]}""")));

        Assert.Equal(CatalogChangeKind.Incompatible, change.Kind);
        Assert.Contains("feature 'carts', field 'since'", change.Error);
    }

    [Fact]
    public void Adding_a_feature_and_changing_a_ttl_is_adopted()
    {
        var change = Check(V2(WithFeature(V1.Replace("\"ttl\":\"1d\"", "\"ttl\":\"2d\""), """{"name":"carts","entity":"user","agg":"count","eventTypes":["add_to_cart"],"since":2}""")));

        Assert.Equal(new CatalogChange(CatalogChangeKind.Adopt), change);
    }

    [Fact]
    public void The_same_version_again_is_unchanged_and_a_different_one_under_the_same_number_is_stale()
    {
        Assert.Equal(CatalogChangeKind.Unchanged, Check(V1).Kind);
        var stale = Check(WithFeature(V1, """{"name":"carts","entity":"user","agg":"count"}"""));
        Assert.Equal(CatalogChangeKind.StaleVersion, stale.Kind);
        Assert.Contains("field 'version': must be above the running version 1", stale.Error);
    }

    [Fact]
    public void A_retired_or_unknown_use_of_a_feature_the_running_catalogue_lacks_does_not_block()
    {
        var change = CatalogCompatibility.Check(FeatureCatalog.Parse(V1), FeatureCatalog.Parse(V2(V1)), [new ModelFeatureUse("old", "v0", ["gone_long_ago"])]);

        Assert.Equal(CatalogChangeKind.Adopt, change.Kind);
    }

    private static CatalogChange Check(string proposed) => CatalogCompatibility.Check(FeatureCatalog.Parse(V1), FeatureCatalog.Parse(proposed), [Ranker]);

    /// <summary>The catalogue with one more entry at the end of its feature list.</summary>
    private static string WithFeature(string json, string entry) => json.Insert(json.LastIndexOf("]}", StringComparison.Ordinal), "," + entry);

    private static string V2(string json) => json.Replace("\"version\":1", "\"version\":2");
}
