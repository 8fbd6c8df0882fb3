using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

public sealed class FeatureDefaultsValidationTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));

    [Theory]
    [InlineData("item_views_total", 0.0, "featureDefaults: 'item_views_total' is not one of the manifest's features")]
    [InlineData("item_price", double.NaN, "featureDefaults: the default of 'item_price' must be a finite number (got NaN)")]
    [InlineData("item_price", double.PositiveInfinity, "featureDefaults: the default of 'item_price' must be a finite number")]
    public void Feature_defaults_for_unlisted_features_or_that_are_not_finite_are_rejected(string feature, double value, string reason)
    {
        var onnx = OnnxGraph.SqrtOfOffsetMinusLinear([0f, 1f, 0f], 1e7f);
        var manifest = new ModelManifest("ranker", "d1", DateTimeOffset.UtcNow, ["user_clicks_total", "item_price", "item_ctr_smoothed"], "features", "score",
            [], "test", ModelStore.Sha256Hex(onnx), "hand-built", [], null, new Dictionary<string, double> { ["user_clicks_total"] = 0, [feature] = value });

        Assert.StartsWith(reason, ModelValidator.Validate(manifest, onnx, Catalog));
    }

    [Fact]
    public void Finite_feature_defaults_for_the_manifest_features_are_accepted()
    {
        var onnx = OnnxGraph.SqrtOfOffsetMinusLinear([0f, 1f, 0f], 1e7f);
        var manifest = new ModelManifest("ranker", "d2", DateTimeOffset.UtcNow, ["user_clicks_total", "item_price", "item_ctr_smoothed"], "features", "score",
            [], "test", ModelStore.Sha256Hex(onnx), "hand-built", [], null, new Dictionary<string, double> { ["item_price"] = 19.5, ["item_ctr_smoothed"] = 0.02 });

        Assert.Null(ModelValidator.Validate(manifest, onnx, Catalog));
    }
}
