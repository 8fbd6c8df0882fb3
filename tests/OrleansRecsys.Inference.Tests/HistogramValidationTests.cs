using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

public sealed class HistogramValidationTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));

    [Theory]
    [InlineData(new double[] { 1, 2 }, new long[] { 1, 2 }, "one more entry")]
    [InlineData(new double[] { 2, 1 }, new long[] { 1, 2, 3 }, "ascending")]
    [InlineData(new double[] { 1, 2 }, new long[] { 1, -2, 3 }, "negative")]
    [InlineData(new double[] { 1, 2 }, new long[] { 0, 0, 0 }, "at least one")]
    public void Malformed_reference_histograms_are_rejected(double[] edges, long[] counts, string reason)
    {
        var onnx = OnnxGraph.SqrtOfOffsetMinusLinear([0f, 1f, 0f], 1e7f);
        var manifest = new ModelManifest("ranker", "h1", DateTimeOffset.UtcNow, ["user_clicks_total", "item_price", "item_ctr_smoothed"], "features", "score",
            [], "test", ModelStore.Sha256Hex(onnx), "hand-built", new Dictionary<string, Histogram> { ["item_price"] = new Histogram(edges, counts) }, null);
        Assert.Contains(reason, ModelValidator.Validate(manifest, onnx, Catalog));
    }

    [Fact]
    public void A_score_histogram_without_counts_is_rejected_as_drift_against_it_is_undefined()
    {
        var onnx = OnnxGraph.SqrtOfOffsetMinusLinear([0f, 1f, 0f], 1e7f);
        var manifest = new ModelManifest("ranker", "h2", DateTimeOffset.UtcNow, ["user_clicks_total", "item_price", "item_ctr_smoothed"], "features", "score",
            [], "test", ModelStore.Sha256Hex(onnx), "hand-built", [], new Histogram([0.5], [0, 0]));
        Assert.Contains("score histogram: counts must have at least one", ModelValidator.Validate(manifest, onnx, Catalog));
    }
}
