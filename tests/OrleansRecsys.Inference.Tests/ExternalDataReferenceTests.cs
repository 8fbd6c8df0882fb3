using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

/// <summary>
/// An uploaded model is one self-contained file: a model whose tensors name files to read (ONNX external data) could make
/// a silo read whatever the silo may read, such as key files next to the model store, into weights it then serves.
/// </summary>
public sealed class ExternalDataReferenceTests : IDisposable
{
    private const int Width = 3;
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private readonly string _dir = Directory.CreateTempSubdirectory("recsys-extref-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("absolute", false)]
    [InlineData("../secret.bin", false)]
    [InlineData("secret.bin", false)]
    [InlineData("../secret.bin", true)]
    public void A_model_whose_weights_are_read_from_another_file_is_refused(string location, bool inConstantNode)
    {
        var staging = Directory.CreateDirectory(Path.Combine(_dir, "staging")).FullName;
        var secret = Path.Combine(location == "secret.bin" ? staging : _dir, "secret.bin");
        File.WriteAllBytes(secret, new byte[Width * 4]);
        var onnx = OnnxGraph.LinearWithExternalWeights(Width, location == "absolute" ? secret : location, inConstantNode);
        var path = Path.Combine(staging, "upload.part");
        File.WriteAllBytes(path, onnx);

        var error = ModelValidator.ValidateFile(ModelValidationTests.Manifest(onnx), path, ModelStore.Sha256Hex(onnx), onnx.Length, Catalog);

        Assert.NotNull(error);
        Assert.Contains("external data", error);
        Assert.DoesNotContain(_dir, error);
    }

    [Fact]
    public void A_model_in_memory_that_names_external_data_is_refused_as_well()
    {
        var onnx = OnnxGraph.LinearWithExternalWeights(Width, "secret.bin");

        Assert.Contains("external data", ModelValidator.Validate(ModelValidationTests.Manifest(onnx), onnx, Catalog));
    }

    [Fact]
    public void A_self_contained_model_is_not_taken_for_one_naming_external_data()
    {
        var onnx = ModelValidationTests.Good();
        var path = Path.Combine(_dir, "good.onnx");
        File.WriteAllBytes(path, onnx);

        Assert.Null(ModelValidator.ValidateFile(ModelValidationTests.Manifest(onnx), path, ModelStore.Sha256Hex(onnx), onnx.Length, Catalog));
    }
}
