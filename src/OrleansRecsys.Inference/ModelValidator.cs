using OrleansRecsys.Features;

namespace OrleansRecsys.Inference;

/// <summary>
/// Checks a model version before it is accepted: names, checksum, features in the catalogue, the ONNX graph's
/// input and output, and a smoke batch that must produce finite scores. Nothing is stored unless all pass.
/// </summary>
public static class ModelValidator
{
    public static string? ValidateName(string? name, string what) =>
        ModelNames.IsValid(name) ? null : $"{what} must match {ModelNames.PatternDescription} (got '{name}')";

    /// <summary>Returns null when the model (in memory) is acceptable, else the reason.</summary>
    public static string? Validate(ModelManifest manifest, byte[] onnx, FeatureCatalog catalog, string? expectedName = null) =>
        Validate(manifest, ModelStore.Sha256Hex(onnx), onnx.Length,
            m => ExternalDataReferences.In(onnx)
                ? throw new ModelInvalidException(ExternalDataReferences.Refusal)
                : OnnxScorer.Load(onnx, m.InputName, m.OutputName, m.Features.Length), catalog, expectedName);

    /// <summary>
    /// Returns null when the model file is acceptable, else the reason. <paramref name="sha256"/> and
    /// <paramref name="length"/> were measured while the file was written (<see cref="ModelStaging"/>), so the file is
    /// read once, by ONNX Runtime.
    /// </summary>
    public static string? ValidateFile(ModelManifest manifest, string path, string sha256, long length, FeatureCatalog catalog, string? expectedName = null)
    {
        var (error, scorer) = LoadValidFile(manifest, path, sha256, length, catalog, expectedName);
        scorer?.Dispose();
        return error;
    }

    /// <summary>
    /// <see cref="ValidateFile"/> that keeps the session it validated: the reason, or null and the loaded scorer, which
    /// the caller then owns. A silo that validates a version and then serves it loads it once. The file is loaded split
    /// in its own folder (<see cref="ModelFileLoader"/>), so its large initializers are mapped, not copied.
    /// </summary>
    public static (string? Error, OnnxScorer? Scorer) LoadValidFile(ModelManifest manifest, string path, string sha256, long length, FeatureCatalog catalog,
        string? expectedName = null)
    {
        if (!ModelStore.IsSha256(sha256))
        {
            return ("the upload's hash is not a hex SHA-256", null);
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return ("the uploaded model file is gone (the upload expired or was already used); upload it again", null);
        }

        return file.Length != length
            ? ($"the uploaded model file has {file.Length} bytes, not the {length} that were sent", null)
            : Load(manifest, sha256, length, m => ModelFileLoader.Load(path, file.DirectoryName!, m.InputName, m.OutputName, m.Features.Length), catalog, expectedName);
    }

    private static string? Validate(ModelManifest manifest, string sha256, long length, Func<ModelManifest, OnnxScorer> load, FeatureCatalog catalog, string? expectedName)
    {
        var (error, scorer) = Load(manifest, sha256, length, load, catalog, expectedName);
        scorer?.Dispose();
        return error;
    }

    /// <summary>The reason the model is refused, or null and its loaded, smoke-tested scorer.</summary>
    private static (string? Error, OnnxScorer? Scorer) Load(ModelManifest manifest, string sha256, long length, Func<ModelManifest, OnnxScorer> load,
        FeatureCatalog catalog, string? expectedName)
    {
        if (ValidateManifest(manifest, sha256, length, catalog, expectedName) is { } error)
        {
            return (error, null);
        }

        OnnxScorer scorer;
        try
        {
            scorer = load(manifest);
        }
        catch (Exception ex) when (ex is ModelInvalidException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return (ex.Message, null);
        }

        if (SmokeTest(scorer) is { } smoke)
        {
            scorer.Dispose();
            return (smoke, null);
        }

        return (null, scorer);
    }

    /// <summary>Everything but the graph: names, checksum, features in the catalogue, histograms, input and output names.</summary>
    private static string? ValidateManifest(ModelManifest manifest, string sha256, long length, FeatureCatalog catalog, string? expectedName)
    {
        var error = ValidateName(manifest.Name, "model name") ?? ValidateName(manifest.Version, "version");
        if (error is not null)
        {
            return error;
        }

        if (expectedName is not null && manifest.Name != expectedName)
        {
            return $"the manifest is for model '{manifest.Name}' but was posted to '{expectedName}'";
        }

        if (length == 0)
        {
            return "the model file is empty";
        }

        if (string.IsNullOrEmpty(manifest.Sha256))
        {
            return "the manifest has no sha256";
        }

        if (!string.Equals(sha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"checksum mismatch: the manifest says {manifest.Sha256}, the file's SHA-256 is {sha256}";
        }

        if (manifest.Features is null || manifest.Features.Any(string.IsNullOrEmpty))
        {
            return "the manifest must list features as non-empty names";
        }

        if (ValidateFeatureDefaults(manifest) is { } defaultsError)
        {
            return defaultsError;
        }

        if (!VectorBuilder.TryCreate(catalog, manifest, out _, out error))
        {
            return error;
        }

        if (ValidateHistograms(manifest) is { } histogramError)
        {
            return histogramError;
        }

        return string.IsNullOrEmpty(manifest.InputName) || string.IsNullOrEmpty(manifest.OutputName)
            ? "the manifest must name inputName and outputName"
            : null;
    }

    /// <summary>
    /// The defaults a model was trained with must be finite numbers for features the manifest lists: serving would otherwise
    /// fall back to the catalogue's default without a word, and the model would read what it was not trained on.
    /// </summary>
    public static string? ValidateFeatureDefaults(ModelManifest manifest)
    {
        foreach (var (feature, value) in manifest.FeatureDefaults ?? [])
        {
            if (Array.IndexOf(manifest.Features, feature) < 0)
            {
                return $"featureDefaults: '{feature}' is not one of the manifest's features";
            }

            if (!double.IsFinite(value))
            {
                return $"featureDefaults: the default of '{feature}' must be a finite number (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
            }
        }

        return null;
    }

    /// <summary>Reference histograms (used for drift on live traffic) must be well formed and name manifest features.</summary>
    public static string? ValidateHistograms(ModelManifest manifest)
    {
        static string? Check(string what, Histogram? h)
        {
            if (h is null || h.Edges is null || h.Counts is null)
            {
                return $"{what}: a histogram needs edges and counts";
            }

            if (h.Counts.Length != h.Edges.Length + 1)
            {
                return $"{what}: counts must have one more entry than edges ({h.Counts.Length} counts, {h.Edges.Length} edges)";
            }

            for (var i = 0; i < h.Edges.Length; i++)
            {
                if (!double.IsFinite(h.Edges[i]) || (i > 0 && h.Edges[i] <= h.Edges[i - 1]))
                {
                    return $"{what}: edges must be finite and strictly ascending";
                }
            }

            if (h.Counts.Any(c => c < 0))
            {
                return $"{what}: counts must not be negative";
            }

            // Drift compares proportions; a histogram without any count has none to compare against.
            return h.Counts.Any(c => c > 0) ? null : $"{what}: counts must have at least one positive entry";
        }

        foreach (var (feature, histogram) in manifest.ReferenceHistograms ?? [])
        {
            if (Array.IndexOf(manifest.Features, feature) < 0)
            {
                return $"reference histogram '{feature}' is not one of the manifest's features";
            }

            if (Check($"reference histogram '{feature}'", histogram) is { } e)
            {
                return e;
            }
        }

        return manifest.ScoreHistogram is null ? null : Check("score histogram", manifest.ScoreHistogram);
    }

    /// <summary>Scores a fixed batch (zeros, ones, a ramp and large values): every score must be finite.</summary>
    public static string? SmokeTest(OnnxScorer scorer)
    {
        const int rows = 8;
        var width = scorer.Width;
        var x = new float[rows * width];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < width; j++)
            {
                x[(i * width) + j] = i switch
                {
                    0 => 0f,
                    1 => 1f,
                    2 => j,
                    3 => 1000f,
                    4 => 0.5f,
                    5 => 3600f,
                    6 => 2_592_000f,
                    _ => (i * 31 + j * 7) % 13,
                };
            }
        }

        var scores = new float[rows];
        try
        {
            scorer.Score(x, rows, scores);
        }
        catch (Exception ex) when (ex is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ModelInvalidException)
        {
            return $"the smoke batch failed: {ex.Message}";
        }

        for (var i = 0; i < rows; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                return $"the smoke batch produced a non-finite score ({scores[i]}) for row {i}";
            }
        }

        return null;
    }
}
