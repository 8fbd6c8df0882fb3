using System.Runtime.Versioning;
using OrleansRecsys.Features;

namespace OrleansRecsys.Inference.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class ModelStoreTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly FeatureCatalog Catalog = FeatureCatalog.Load(Path.Combine(AppContext.BaseDirectory, "features.json"));
    private readonly string _dir = Directory.CreateTempSubdirectory("store-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task An_upload_is_hashed_as_it_is_written_and_published_by_a_rename_into_an_owner_only_store()
    {
        var store = new ModelStore(Path.Combine(_dir, "models"));
        var onnx = ModelValidationTests.Good();
        var upload = Guid.NewGuid();
        string sha;
        await using (var staging = store.BeginStaging(upload))
        {
            await staging.WriteAsync(onnx.AsMemory(0, 10));
            await staging.WriteAsync(onnx.AsMemory(10));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(staging.Path));
            Assert.False(File.Exists(store.PathOf(ModelStore.Sha256Hex(onnx))), "visible before it was complete");
            sha = await staging.CompleteAsync();
            Assert.Equal(onnx.Length, staging.Length);
        }

        Assert.Equal(ModelStore.Sha256Hex(onnx), sha);
        var published = store.Promote(upload, sha);
        Assert.Equal(store.PathOf(sha), published);
        Assert.Equal(onnx, File.ReadAllBytes(published));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(published));
        Assert.False(File.Exists(store.StagingPathOf(upload)));
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(store.Directory));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(store.StagingDirectory));
        Assert.Equal(published, await store.VerifiedPathAsync(sha));
    }

    [Fact]
    public async Task A_corrupt_artifact_is_refused_when_it_is_loaded()
    {
        var store = new ModelStore(_dir);
        var sha = await StageAsync(store, Guid.NewGuid(), ModelValidationTests.Good(), promote: true);
        await File.WriteAllBytesAsync(store.PathOf(sha), [1, 2, 3]);
        await Assert.ThrowsAsync<InvalidDataException>(() => store.VerifiedPathAsync(sha));
        Assert.Throws<InvalidDataException>(() => store.Load(sha));
    }

    [Fact]
    public void Only_a_hex_sha256_names_an_artifact()
    {
        var store = new ModelStore(_dir);
        Assert.Throws<ArgumentException>(() => store.PathOf("../../outside" + new string('0', 51)));
        Assert.Throws<ArgumentException>(() => store.PathOf("abc"));
        Assert.Equal("the upload's hash is not a hex SHA-256",
            ModelValidator.ValidateFile(ModelValidationTests.Manifest([1]), store.StagingPathOf(Guid.NewGuid()), "../x", 1, Catalog));
    }

    [Fact]
    public async Task An_upload_that_is_not_completed_leaves_no_file()
    {
        var store = new ModelStore(_dir);
        var upload = Guid.NewGuid();
        await using (var staging = store.BeginStaging(upload))
        {
            await staging.WriteAsync(new byte[1000]);
        }

        Assert.False(File.Exists(store.StagingPathOf(upload)));
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
        store.Discard(Guid.NewGuid());
    }

    [Fact]
    public void Staging_files_a_day_old_are_removed_when_the_store_opens_and_fresh_ones_are_kept()
    {
        var store = new ModelStore(_dir);
        var stale = store.StagingPathOf(Guid.NewGuid());
        var fresh = store.StagingPathOf(Guid.NewGuid());
        File.WriteAllBytes(stale, [1]);
        File.WriteAllBytes(fresh, [2]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));

        _ = new ModelStore(_dir);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public void Split_model_folders_a_day_old_are_removed_when_the_store_opens_and_fresh_ones_are_kept()
    {
        var store = new ModelStore(_dir);
        var stale = Directory.CreateDirectory(Path.Combine(store.StagingDirectory, "a" + ModelFileLoader.FolderSuffix)).FullName;
        var fresh = Directory.CreateDirectory(Path.Combine(store.StagingDirectory, "b" + ModelFileLoader.FolderSuffix)).FullName;
        File.WriteAllBytes(Path.Combine(stale, ExternalInitializers.DataFileName), [1]);
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));

        _ = new ModelStore(_dir);

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(fresh));
    }

    [Fact]
    public async Task A_staged_file_is_validated_from_disk_with_the_hash_measured_while_it_was_written()
    {
        var store = new ModelStore(_dir);
        var good = ModelValidationTests.Good();
        var upload = Guid.NewGuid();
        var sha = await StageAsync(store, upload, good, promote: false);
        var path = store.StagingPathOf(upload);
        var manifest = ModelValidationTests.Manifest(good);

        Assert.Null(ModelValidator.ValidateFile(manifest, path, sha, good.Length, Catalog));
        Assert.Contains("model's input is 'features'", ModelValidator.ValidateFile(manifest with { InputName = "x" }, path, sha, good.Length, Catalog));
        Assert.Contains("checksum mismatch", ModelValidator.ValidateFile(manifest, path, new string('0', 64), good.Length, Catalog));
        Assert.Contains("not the 5 that were sent", ModelValidator.ValidateFile(manifest, path, sha, 5, Catalog));
        Assert.Contains("gone", ModelValidator.ValidateFile(manifest, store.StagingPathOf(Guid.NewGuid()), sha, good.Length, Catalog));
    }

    [Fact]
    public async Task A_staged_file_that_does_not_load_is_refused_without_naming_where_the_store_is()
    {
        var store = new ModelStore(_dir);
        var garbage = "this is not an onnx file"u8.ToArray();
        var upload = Guid.NewGuid();
        var sha = await StageAsync(store, upload, garbage, promote: false);

        var error = ModelValidator.ValidateFile(ModelValidationTests.Manifest(garbage), store.StagingPathOf(upload), sha, garbage.Length, Catalog);

        Assert.Contains("does not load", error);
        Assert.DoesNotContain(_dir, error);
    }

    private static async Task<string> StageAsync(ModelStore store, Guid upload, byte[] bytes, bool promote)
    {
        string sha;
        await using (var staging = store.BeginStaging(upload))
        {
            await staging.WriteAsync(bytes);
            sha = await staging.CompleteAsync();
        }

        if (promote)
        {
            store.Promote(upload, sha);
        }

        return sha;
    }
}
