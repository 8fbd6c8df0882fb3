using System.Runtime.Versioning;
using System.Text;
using OrleansRecsys.Features;
using OrleansRecsys.Testing;

namespace OrleansRecsys.Inference.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class ExternalInitializersTests : IDisposable
{
    private const int Width = 3;
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private readonly string _dir = Directory.CreateTempSubdirectory("split-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_big_initializer_moves_byte_for_byte_to_the_side_file_and_the_graph_file_keeps_only_the_rest()
    {
        var source = Path.Combine(_dir, "big.onnx");
        var (bytes, _) = LargeOnnxModel.Write(source, Width, 1 << 20, "features", "score");
        var folder = Folder();

        Assert.True(ExternalInitializers.TrySplit(source, folder));

        var original = File.ReadAllBytes(source);
        var data = File.ReadAllBytes(Path.Combine(folder, ExternalInitializers.DataFileName));
        Assert.Equal(1 << 20, data.Length);
        var at = original.AsSpan().IndexOf(data.AsSpan(0, 4096));
        Assert.True(at > 0 && original.AsSpan(at, data.Length).SequenceEqual(data), "the side file is not the initializer's raw data");
        var graph = new FileInfo(Path.Combine(folder, ExternalInitializers.ModelFileName)).Length;
        Assert.True(graph < 4096, $"the graph file kept {graph} of the model's {bytes} bytes");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, ExternalInitializers.DataFileName)));
    }

    [Fact]
    public void A_split_model_scores_exactly_as_its_file_and_leaves_no_folder_once_loaded()
    {
        // 20,000 weights (78 KiB): the MatMul's own weights move out, so every score reads the side file.
        var weights = new float[20_000];
        for (var j = 0; j < weights.Length; j++)
        {
            weights[j] = MathF.Sin(j) / 100;
        }

        var source = Path.Combine(_dir, "wide.onnx");
        File.WriteAllBytes(source, OnnxGraph.Linear(weights, 0.25f));
        Assert.True(ExternalInitializers.TrySplit(source, Folder()), "the weights were not moved out");
        var work = Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;

        using var whole = OnnxScorer.LoadFile(source, "features", "score", weights.Length);
        using var split = ModelFileLoader.Load(source, work, "features", "score", weights.Length);

        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        var rows = new float[4 * weights.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (i * 7 % 31) - 15;
        }

        var expected = new float[4];
        var actual = new float[4];
        whole.Score(rows, 4, expected);
        split.Score(rows, 4, actual);
        Assert.Equal(expected, actual);
        Assert.NotEqual(0.25f, actual[0]);
    }

    [Fact]
    public void An_embedding_table_loaded_from_a_split_model_is_mapped_from_the_side_file_not_copied()
    {
        var source = Path.Combine(_dir, "embedding.onnx");
        LargeOnnxModel.Write(source, Width, 1 << 20, "features", "score", readByInput: true);
        var work = Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;

        using var whole = OnnxScorer.LoadFile(source, "features", "score", Width);
        using var split = ModelFileLoader.Load(source, work, "features", "score", Width);

        // The session keeps the side file mapped after its folder is deleted: the table was never copied to the heap.
        Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.Contains(Path.Combine(work, ""), StringComparison.Ordinal) && line.Contains(ExternalInitializers.DataFileName, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        float[] rows = [1, 2, 3, 4, 5, 6];
        var expected = new float[2];
        var actual = new float[2];
        whole.Score(rows, 2, expected);
        split.Score(rows, 2, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(0.06f, actual[0], 5);
    }

    [Fact]
    public void A_model_without_large_raw_data_or_one_that_is_not_protobuf_is_not_split()
    {
        var small = Path.Combine(_dir, "small.onnx");
        File.WriteAllBytes(small, ModelValidationTests.Good());
        var good = ModelValidationTests.Good();
        var truncated = Path.Combine(_dir, "truncated.onnx");
        File.WriteAllBytes(truncated, good[..(good.Length / 2)]);
        var garbage = Path.Combine(_dir, "garbage.onnx");
        File.WriteAllBytes(garbage, "this is not an onnx file"u8.ToArray());

        foreach (var file in new[] { small, truncated, garbage })
        {
            var folder = Folder();
            Assert.False(ExternalInitializers.TrySplit(file, folder), file);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
    }

    [Fact]
    public void A_big_model_that_is_refused_is_refused_with_its_reason_naming_no_path_and_leaving_no_folder()
    {
        var source = Path.Combine(_dir, "staging", "upload.part");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        var (bytes, sha) = LargeOnnxModel.Write(source, Width, 1 << 20, "features", "score");
        var manifest = ModelValidationTests.Manifest(File.ReadAllBytes(source));

        Assert.Null(ModelValidator.ValidateFile(manifest, source, sha, bytes, Catalog));
        Assert.Contains("model's input is 'features'", ModelValidator.ValidateFile(manifest with { InputName = "x" }, source, sha, bytes, Catalog));

        // An operator ONNX Runtime does not know, in a model whose initializer is split out: it does not load.
        var unknownOp = File.ReadAllBytes(source);
        var at = unknownOp.AsSpan().IndexOf("Gather"u8);
        Encoding.ASCII.GetBytes("Gathex").CopyTo(unknownOp, at);
        File.WriteAllBytes(source, unknownOp);
        var error = ModelValidator.ValidateFile(manifest with { Sha256 = ModelStore.Sha256Hex(unknownOp) }, source, ModelStore.Sha256Hex(unknownOp), bytes, Catalog);

        Assert.Contains("does not load", error);
        Assert.DoesNotContain(_dir, error);
        Assert.Empty(Directory.EnumerateDirectories(Path.GetDirectoryName(source)!));
    }

    private string Folder() => Directory.CreateDirectory(Path.Combine(_dir, Guid.NewGuid().ToString("N"))).FullName;
}
