using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Features;
using OrleansRecsys.Silo;
using OrleansRecsys.Training;

namespace OrleansRecsys.IntegrationTests;

/// <summary>A ranker trained once by the project's trainer; tests register it under their own version names.</summary>
public static class TestModels
{
    private static readonly Lazy<RankerTrainer.Result> Trained = new(() =>
        RankerTrainer.TrainDemo(FeatureCatalog.Load(Path.Combine(RecsysHost.FindConfigDirectory(), "features.json")),
            new RankerTrainer.Options("ranker", "template", Seed: 3), sessions: 800));

    public static (byte[] Onnx, ModelManifest Manifest) Ranker(string version, string name = "ranker") =>
        (Trained.Value.Onnx, Trained.Value.Manifest with { Version = version, Name = name });

    /// <summary>A version of the ranker's shape (features, input, output) that scores fast but loads slowly
    /// (<see cref="Inference.Tests.OnnxGraph.SlowToLoadLinear"/>); its manifest checksum matches the new bytes.</summary>
    public static (byte[] Onnx, ModelManifest Manifest) SlowToLoad(string version, int identities, string name = "ranker")
    {
        var manifest = Trained.Value.Manifest with { Version = version, Name = name };
        var onnx = Inference.Tests.OnnxGraph.SlowToLoadLinear(manifest.Features.Length, identities, manifest.InputName, manifest.OutputName);
        return (onnx, manifest with { Sha256 = Inference.ModelStore.Sha256Hex(onnx) });
    }

    /// <summary>A version of the ranker's shape that scores genuinely slower, about <paramref name="hidden"/>² ×
    /// <paramref name="layers"/> multiply-adds per row (<see cref="Inference.Tests.OnnxGraph.SlowToScoreLinear"/>).</summary>
    public static (byte[] Onnx, ModelManifest Manifest) SlowToScore(string version, string name, int hidden = 1024, int layers = 6)
    {
        var manifest = Trained.Value.Manifest with { Version = version, Name = name };
        var onnx = Inference.Tests.OnnxGraph.SlowToScoreLinear(manifest.Features.Length, hidden, layers, manifest.InputName, manifest.OutputName);
        return (onnx, manifest with { Sha256 = Inference.ModelStore.Sha256Hex(onnx) });
    }

    public static MultipartFormDataContent Upload(byte[] onnx, object manifest)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(onnx), "model", "model.onnx");
        form.Add(new StringContent(JsonSerializer.Serialize(manifest, RankerTrainer.ManifestJson)), "manifest", "manifest.json");
        return form;
    }

    public static async Task<HttpResponseMessage> RegisterAsync(HttpClient admin, string version, string name = "ranker")
    {
        var (onnx, manifest) = Ranker(version, name);
        return await admin.PostAsync($"/v1/models/{name}/versions", Upload(onnx, manifest));
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
