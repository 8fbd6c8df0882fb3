using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using OrleansRecsys.Features;

namespace OrleansRecsys.Training;

/// <summary>Trains the ranker (ML.NET FastTree or logistic regression), exports ONNX and writes a full manifest.</summary>
public static class RankerTrainer
{
    /// <summary>The demo ranker's inputs, all from the default catalogue.</summary>
    public static readonly string[] DefaultFeatures =
    [
        "user_events_total", "user_clicks_total", "user_purchases_total", "user_clicks_decay_24h", "user_secs_since_last_event",
        "item_views_total", "item_clicks_total", "item_ctr_smoothed", "item_price", "item_popularity_decay_1h", "item_age_hours",
        "ui_category_affinity", "ui_secs_since_user_saw_item", "ui_price_to_user_avg",
    ];

    public sealed record Options(string Name = ModelNames.Default, string Version = "v1", string Algorithm = "fasttree", int Trees = 60, int Leaves = 16, int Seed = 1);

    public sealed record Result(byte[] Onnx, ModelManifest Manifest);

    private sealed class Row
    {
        public bool Label { get; set; }

        /// <summary>ML.NET's example weight: how much the row counts in the fit (0: not at all).</summary>
        public float Weight { get; set; } = 1f;

        [VectorType]
        public float[] Features { get; set; } = [];
    }

    private sealed class FeaturesOnly
    {
        [VectorType]
        public float[] Features { get; set; } = [];
    }

    public static Result Train(TrainingSet data, Options options, string dataset, IProgress<string>? progress = null)
    {
        if (data.Count < 100)
        {
            throw new InvalidOperationException($"training needs at least 100 rows with both labels (got {data.Count})");
        }

        var sw = Stopwatch.StartNew();
        var width = data.FeatureNames.Length;
        var ml = new MLContext(options.Seed);

        // Time split: the newest 20% is held out.
        var order = Enumerable.Range(0, data.Count).OrderBy(i => data.Times[i]).ToArray();
        var cut = (int)(order.Length * 0.8);
        if (data.Weights.Count != 0 && data.Weights.Count != data.Count)
        {
            throw new InvalidOperationException($"the training set has {data.Weights.Count} weights for {data.Count} rows");
        }

        var train = order.Take(cut).Select(i => ToRow(data, i)).ToList();
        var test = order.Skip(cut).Select(i => ToRow(data, i)).ToList();
        RequireBothClasses(train.Where(r => r.Weight > 0).ToList(), "training split (the oldest 80 %, rows of weight 0 left out)");
        RequireBothClasses(test, "held-out split (the newest 20 %)");
        progress?.Report($"training {options.Algorithm} on {train.Count} rows x {width} features");
        var (_, onnx) = Fit(ml, train, width, options);

        // Score the held-out rows with the exported graph itself, so the metrics describe what the grid serves.
        var (input, output) = Io(onnx);
        var scores = Score(onnx, input, output, test.Select(r => r.Features).ToList(), width);
        var labels = test.Select(r => r.Label).ToArray();
        var metrics = new Dictionary<string, double>
        {
            ["auc"] = BinaryClassificationMetrics.Auc(scores, labels),
            ["logLoss"] = BinaryClassificationMetrics.LogLoss(scores, labels),
            ["trainRows"] = train.Count,
            ["testRows"] = test.Count,
            ["positiveRate"] = labels.Count(l => l) / (double)Math.Max(1, labels.Length),
        };
        progress?.Report($"trained in {sw.Elapsed.TotalSeconds:F1}s: AUC {metrics["auc"]:F3}, log-loss {metrics["logLoss"]:F3} on {test.Count} held-out rows");

        var histograms = new Dictionary<string, Histogram>(StringComparer.Ordinal);
        for (var j = 0; j < width; j++)
        {
            histograms[data.FeatureNames[j]] = Histograms.FromSample(train.Select(r => (double)r.Features[j]).ToList());
        }

        var manifest = new ModelManifest(options.Name, options.Version, DateTimeOffset.UtcNow, data.FeatureNames, input, output, metrics, dataset,
            Inference.ModelStore.Sha256Hex(onnx), $"ml.net {options.Algorithm}", histograms, Histograms.FromSample(scores.Select(s => (double)s).ToList()),
            data.FeatureDefaults is null ? null : new Dictionary<string, double>(data.FeatureDefaults, StringComparer.Ordinal));
        return new Result(onnx, manifest);
    }

    private static Row ToRow(TrainingSet data, int index) =>
        new() { Label = data.Labels[index], Features = data.Rows[index], Weight = data.WeightOf(index) };

    /// <summary>Refuses a split with one label: it could not be fitted, or its AUC would be NaN and poison the manifest.</summary>
    private static void RequireBothClasses(List<Row> split, string name)
    {
        var positives = split.Count(r => r.Label);
        if (positives == 0 || positives == split.Count)
        {
            throw new OneClassDataException(
                $"the {name} has {split.Count} rows and all are {(positives == 0 ? "negative" : "positive")}; " +
                "a model needs both labels in both splits: export or backfill a wider time range, or add negatives (backfill --negatives sampled)");
        }
    }

    /// <summary>Fits the ML.NET pipeline and exports it to ONNX (a view with only the feature column, so the label is no input).</summary>
    private static (ITransformer Model, byte[] Onnx) Fit(MLContext ml, List<Row> train, int width, Options options)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var trainView = ml.Data.LoadFromEnumerable(train, schema);
        IEstimator<ITransformer> estimator = options.Algorithm switch
        {
            "logistic" => ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features",
                    exampleWeightColumnName: nameof(Row.Weight))),
            _ => ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features",
                exampleWeightColumnName: nameof(Row.Weight), numberOfLeaves: options.Leaves, numberOfTrees: options.Trees, minimumExampleCountPerLeaf: 20),
        };
        var model = estimator.Fit(trainView);
        var featuresSchema = SchemaDefinition.Create(typeof(FeaturesOnly));
        featuresSchema[nameof(FeaturesOnly.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var exportView = ml.Data.LoadFromEnumerable(train.Take(10).Select(r => new FeaturesOnly { Features = r.Features }), featuresSchema);
        using var onnxStream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, exportView, onnxStream);
        return (model, onnxStream.ToArray());
    }

    /// <summary>
    /// Fits a model on all rows and returns ML.NET's own probabilities for <paramref name="probe"/> next to the
    /// exported ONNX bytes, so the export can be checked against the trainer.
    /// </summary>
    internal static (byte[] Onnx, float[] MlNetProbabilities) FitAndPredict(TrainingSet data, Options options, List<float[]> probe)
    {
        var width = data.FeatureNames.Length;
        var ml = new MLContext(options.Seed);
        var rows = Enumerable.Range(0, data.Count).Select(i => ToRow(data, i)).ToList();
        var (model, onnx) = Fit(ml, rows, width, options);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(probe.Select(p => new Row { Features = p }), schema));
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        return (onnx, probabilities);
    }

    /// <summary>The ONNX input name and the probability output name.</summary>
    internal static (string Input, string Output) Io(byte[] onnx)
    {
        using var session = new InferenceSession(onnx);
        var input = session.InputMetadata.Keys.Single();
        var output = session.OutputMetadata.Keys.FirstOrDefault(k => k.StartsWith("Probability", StringComparison.Ordinal))
            ?? session.OutputMetadata.Keys.First(k => k.StartsWith("Score", StringComparison.Ordinal));
        return (input, output);
    }

    internal static float[] Score(byte[] onnx, string input, string output, List<float[]> rows, int width)
    {
        using var scorer = Inference.OnnxScorer.Load(onnx, input, output, width);
        var flat = new float[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(flat, i * width);
        }

        var scores = new float[rows.Count];
        scorer.Score(flat, rows.Count, scores);
        return scores;
    }

    public static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(Result result, string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "model.onnx"), result.Onnx);
        await File.WriteAllTextAsync(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(result.Manifest, ManifestJson));
    }

    /// <summary>
    /// The whole demo pipeline: replay <paramref name="traffic"/> (the simulator's defaults unless given) from a warm-up
    /// through <paramref name="sessions"/> sessions, build the rows a live ranking would score, train, export. The reference
    /// histograms therefore describe what the simulator's live traffic of the same settings looks like.
    /// </summary>
    public static Result TrainDemo(FeatureCatalog catalog, Options options, int sessions = 3000, IProgress<string>? progress = null,
        TrafficSettings? traffic = null)
    {
        var settings = traffic ?? new TrafficSettings();
        var generator = new SyntheticTraffic(settings, options.Seed);
        var data = TrainingSet.FromTraffic(generator, catalog, DefaultFeatures, sessions, ReplayStart.ToUnixTimeMilliseconds(), progress, DemoSpread);
        var dataset = $"synthetic traffic: {settings.Describe()}; seed {options.Seed}, {sessions} sessions over {DemoSpread.TotalMinutes:0} minutes after a {TrafficSettings.WarmUp.TotalMinutes:0}-minute warm-up, {data.Count} rows";
        return Train(data, options, dataset, progress);
    }

    /// <summary>How much traffic the demo model's sessions are spread over: two lifetimes of users and items, so its
    /// reference histograms describe the world's populations, not the two minutes of one (the drift window of live
    /// traffic would otherwise read the difference between two populations of items as drift).</summary>
    private static readonly TimeSpan DemoSpread = 2 * TrafficSettings.WarmUp;

    /// <summary>When the demo replay starts: a fixed moment, so the same seed and options give the same model. The traffic
    /// is steady, so any moment describes live traffic as well as another.</summary>
    private static readonly DateTimeOffset ReplayStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The default seed of a version: stable per version name, so a new version trains on other sessions than
    /// the last (and the same version name reproduces the same model).</summary>
    public static int SeedFor(string version)
    {
        var hash = 2166136261u;
        foreach (var c in version)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % 1_000_000) + 1;
    }
}
