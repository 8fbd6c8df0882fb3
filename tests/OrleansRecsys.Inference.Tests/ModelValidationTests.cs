using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

public sealed class ModelValidationTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private static readonly string[] Features = ["user_clicks_total", "item_price", "item_ctr_smoothed"];

    internal static ModelManifest Manifest(byte[] onnx, string[]? features = null, string input = "features", string output = "score") =>
        new("ranker", "v9", DateTimeOffset.UtcNow, features ?? Features, input, output, [], "test", ModelStore.Sha256Hex(onnx), "hand-built", [], null);

    internal static byte[] Good(int outputs = 1, float offset = 1e7f) => OnnxGraph.SqrtOfOffsetMinusLinear([0f, 1f, 0f], offset, outputs);

    [Fact]
    public void A_hand_built_graph_scores_exactly_as_its_formula()
    {
        using var scorer = OnnxScorer.Load(Good(), "features", "score", 3);
        var rows = new float[] { 1, 100, 0.5f, 2, 0, 0.1f };
        var scores = new float[2];
        scorer.Score(rows, 2, scores);
        Assert.Equal(MathF.Sqrt(1e7f - 100), scores[0], 3);
        Assert.Equal(MathF.Sqrt(1e7f), scores[1], 3);
        Assert.Null(ModelValidator.Validate(Manifest(Good()), Good(), Catalog));
    }

    [Fact]
    public void Every_kind_of_bad_model_is_rejected_with_its_reason()
    {
        var good = Good();
        var truncated = good[..(good.Length / 2)];
        var notOnnx = "this is not an onnx file"u8.ToArray();
        var nan = Good(offset: -1f);
        var wide = Good(outputs: 2);
        var cases = new (byte[] Bytes, ModelManifest Manifest, string Reason)[]
        {
            (notOnnx, Manifest(notOnnx), "does not load"),
            (truncated, Manifest(truncated), "does not load"),
            (good, Manifest(good, ["user_clicks_total", "item_price"]), "has 3 features but the manifest lists 2"),
            (good, Manifest(good, ["user_clicks_total", "item_price", "user_shoe_size"]), "'user_shoe_size' is not in the catalogue"),
            (good, Manifest(good) with { Sha256 = ModelStore.Sha256Hex(notOnnx) }, "checksum mismatch"),
            (nan, Manifest(nan), "non-finite score"),
            (wide, Manifest(wide), "must be a float tensor [N] or [N, 1]"),
            (good, Manifest(good, output: "probability"), "does not have"),
            (good, Manifest(good, input: "x"), "model's input is 'features'"),
            (good, Manifest(good) with { Version = "V 1" }, "version must match"),
            ([], Manifest([]), "empty"),
        };
        foreach (var (bytes, manifest, reason) in cases)
        {
            var error = ModelValidator.Validate(manifest, bytes, Catalog);
            Assert.NotNull(error);
            Assert.Contains(reason, error);
        }
    }
}
