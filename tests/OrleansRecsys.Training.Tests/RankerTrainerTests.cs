using OrleansRecsys.Features;

namespace OrleansRecsys.Training.Tests;

public sealed class RankerTrainerTests
{
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));

    [Fact]
    public void Exported_onnx_scores_equal_mlnet_predictions()
    {
        var world = new SyntheticWorld(users: 300, items: 100, seed: 2);
        var data = TrainingSet.FromWorld(world, Catalog, RankerTrainer.DefaultFeatures, 400, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds());
        var probe = data.Rows.Take(500).ToList();
        foreach (var algorithm in new[] { "fasttree", "logistic" })
        {
            var (onnx, expected) = RankerTrainer.FitAndPredict(data, new RankerTrainer.Options(Algorithm: algorithm), probe);
            var (input, output) = RankerTrainer.Io(onnx);
            var actual = RankerTrainer.Score(onnx, input, output, probe, RankerTrainer.DefaultFeatures.Length);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{algorithm} row {i}: ML.NET {expected[i]} vs ONNX {actual[i]}");
            }
        }
    }

    [Fact]
    public void Auc_counts_ties_as_half_and_is_undefined_with_one_class()
    {
        Assert.Equal(1.0, BinaryClassificationMetrics.Auc([0.1f, 0.9f], [false, true]));
        Assert.Equal(0.5, BinaryClassificationMetrics.Auc([0.5f, 0.5f], [false, true]));
        Assert.True(double.IsNaN(BinaryClassificationMetrics.Auc([0.1f, 0.9f], [true, true])));
    }

    [Fact]
    public void Training_refuses_a_held_out_split_with_one_label_instead_of_writing_a_nan_auc()
    {
        var data = new TrainingSet(["x"]);
        for (var i = 0; i < 200; i++)
        {
            data.Rows.Add([i % 7]);
            data.Labels.Add(i < 160 && i % 3 == 0); // the newest 40 rows, the held-out split, are all negative
            data.Times.Add(i);
        }

        var refusal = Assert.Throws<OneClassDataException>(() => RankerTrainer.Train(data, new RankerTrainer.Options(), "test"));

        Assert.Contains("held-out split", refusal.Message);
        Assert.Contains("all are negative", refusal.Message);
    }

    [Fact]
    public async Task The_manifest_records_the_catalogue_defaults_the_training_rows_were_built_with()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "features.json"));
        var withDefault = text.Replace("\"name\": \"user_clicks_total\",", "\"name\": \"user_clicks_total\", \"default\": -2,", StringComparison.Ordinal);
        Assert.NotEqual(text, withDefault);
        var catalog = FeatureCatalog.Parse(withDefault);
        var world = new SyntheticWorld(users: 300, items: 100, seed: 3);
        var data = TrainingSet.FromWorld(world, catalog, RankerTrainer.DefaultFeatures, 400, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds());

        var result = RankerTrainer.Train(data, new RankerTrainer.Options(Trees: 5, Leaves: 4), "test");
        var directory = Directory.CreateTempSubdirectory().FullName;
        ModelManifest written;
        try
        {
            await RankerTrainer.WriteAsync(result, directory);
            written = System.Text.Json.JsonSerializer.Deserialize<ModelManifest>(
                await File.ReadAllTextAsync(Path.Combine(directory, "manifest.json")), RankerTrainer.ManifestJson)!;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var expected = VectorBuilder.Create(catalog, RankerTrainer.DefaultFeatures).ModelDefaults();
        Assert.Equal(-2, written.FeatureDefaults!["user_clicks_total"]);
        Assert.Equal(expected, written.FeatureDefaults);
        Assert.Equal(RankerTrainer.DefaultFeatures.Order(StringComparer.Ordinal), written.FeatureDefaults.Keys.Order(StringComparer.Ordinal));
    }
}
