using System.Text.Json;
using OrleansRecsys.Features;
using OrleansRecsys.Inference;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>
/// A model version scored as the grid scores it: its manifest's features through the serving vector builder, then the
/// ONNX graph through the same <see cref="OnnxScorer"/> a model-version grain holds.
/// </summary>
public sealed class OnnxVersionScorer : IRankingScorer
{
    private readonly OnnxScorer _scorer;
    private readonly VectorBuilder _builder;

    private OnnxVersionScorer(string name, OnnxScorer scorer, VectorBuilder builder)
    {
        Name = name;
        _scorer = scorer;
        _builder = builder;
    }

    public string Name { get; }

    /// <summary>Loads <c>model.onnx</c> and <c>manifest.json</c> from a directory, as <c>train --out</c> writes them.</summary>
    public static OnnxVersionScorer Load(string name, string directory, FeatureCatalog catalog)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        var modelPath = Path.Combine(directory, "model.onnx");
        if (!File.Exists(manifestPath) || !File.Exists(modelPath))
        {
            throw new FileNotFoundException($"version '{name}': {directory} must hold model.onnx and manifest.json (as train --out writes them)");
        }

        var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), RankerTrainer.ManifestJson)
            ?? throw new InvalidDataException($"{manifestPath} is empty");
        return FromFile(name, manifest, modelPath, catalog);
    }

    /// <summary>A version from its manifest and its ONNX file (a registered version's artifact in the model store).</summary>
    public static OnnxVersionScorer FromFile(string name, ModelManifest manifest, string modelPath, FeatureCatalog catalog)
    {
        var builder = VectorBuilder.Create(catalog, manifest);
        var scorer = OnnxScorer.LoadFile(modelPath, manifest.InputName, manifest.OutputName, builder.Width);
        return new OnnxVersionScorer(name, scorer, builder);
    }

    public void Score(HistoryReplay replay, string userId, string[] itemIds, long asOfMs, float[] scores)
    {
        var rows = new float[itemIds.Length * _builder.Width];
        replay.Build(_builder, userId, itemIds, asOfMs, rows);
        _scorer.Score(rows, itemIds.Length, scores);
    }

    public void Dispose() => _scorer.Dispose();
}
