using System.Security.Cryptography;

namespace OrleansRecsys.Inference;

/// <summary>
/// Content-addressed store of ONNX artifacts: one file per SHA-256. An artifact arrives as a staged upload
/// (<see cref="BeginStaging"/>: written and hashed as it streams in, under <c>staging/</c>) and becomes
/// <c>{sha256}.onnx</c> by an atomic rename once it has been validated, so a reader never sees half a file and a
/// rejected model leaves nothing behind. Folders and files are owner-only: the store holds what the grid will execute.
/// </summary>
public sealed class ModelStore
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Staged uploads this old are leftovers of a process that died mid-upload (an upload is minutes at most).</summary>
    private static readonly TimeSpan StaleStaging = TimeSpan.FromHours(24);

    public ModelStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        StagingDirectory = Path.Combine(Directory, "staging");
        CreateOwnerOnly(Directory);
        CreateOwnerOnly(StagingDirectory);
        RemoveStaleStaging(DateTime.UtcNow - StaleStaging);
    }

    public string Directory { get; }

    /// <summary>Where uploads are written before they are validated; in the store so that the rename is atomic.</summary>
    public string StagingDirectory { get; }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Whether <paramref name="value"/> is a SHA-256 in hex: the only names the store makes paths of.</summary>
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);

    /// <summary>The artifact's path. Anything but a hex SHA-256 is refused, so a name from a caller cannot point
    /// outside the store.</summary>
    public string PathOf(string sha256) => IsSha256(sha256)
        ? Path.Combine(Directory, sha256.ToLowerInvariant() + ".onnx")
        : throw new ArgumentException($"'{sha256}' is not a hex SHA-256", nameof(sha256));

    public bool Contains(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>The staging file of upload <paramref name="upload"/> (which may not exist).</summary>
    public string StagingPathOf(Guid upload) => Path.Combine(StagingDirectory, upload.ToString("N") + ".part");

    /// <summary>Starts writing upload <paramref name="upload"/>; fails if that upload already has a staging file.</summary>
    public ModelStaging BeginStaging(Guid upload) => new(StagingPathOf(upload));

    /// <summary>Makes a validated upload the artifact of its hash: an atomic rename, so the file appears whole or not at
    /// all. The same content registered twice is the same file, so replacing it changes nothing.</summary>
    public string Promote(Guid upload, string sha256)
    {
        var path = PathOf(sha256);
        File.Move(StagingPathOf(upload), path, overwrite: true);
        return path;
    }

    /// <summary>Deletes upload <paramref name="upload"/>'s staging file, if it still exists.</summary>
    public void Discard(Guid upload) => File.Delete(StagingPathOf(upload));

    /// <summary>The artifact's path after checking that its content still has its hash (read as a stream, never whole).</summary>
    public async Task<string> VerifiedPathAsync(string sha256, CancellationToken ct = default)
    {
        var path = PathOf(sha256);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ModelStaging.BufferBytes, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Corrupt(sha256, actual);
        }

        return path;
    }

    /// <summary>The whole artifact in memory, checked against its hash (for tools that need the bytes, not for serving).</summary>
    public byte[] Load(string sha256)
    {
        var bytes = File.ReadAllBytes(PathOf(sha256));
        var actual = Sha256Hex(bytes);
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Corrupt(sha256, actual);
        }

        return bytes;
    }

    /// <summary>The refusal of an artifact whose content no longer has its name's hash: changed or damaged on disk since
    /// it was registered. The store never serves it; the version stays unhealthy until the file is restored.</summary>
    private static InvalidDataException Corrupt(string sha256, string actual) =>
        new($"model artifact {sha256} is corrupt (its SHA-256 is {actual}): the file changed on disk after it was registered, so it is refused");

    private void RemoveStaleStaging(DateTime olderThanUtc)
    {
        foreach (var file in new DirectoryInfo(StagingDirectory).EnumerateFiles("*.part"))
        {
            if (file.LastWriteTimeUtc < olderThanUtc)
            {
                file.Delete();
            }
        }

        // Split models (ModelFileLoader) live for one load; one this old is a dead process's, or one its system could not delete.
        foreach (var folder in new DirectoryInfo(StagingDirectory).EnumerateDirectories("*" + ModelFileLoader.FolderSuffix))
        {
            if (folder.LastWriteTimeUtc < olderThanUtc)
            {
                folder.Delete(recursive: true);
            }
        }
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
            return;
        }

        System.IO.Directory.CreateDirectory(directory, OwnerOnlyFolder);
        try
        {
            // CreateDirectory leaves an existing folder's mode alone; a store created by an older version is tightened.
            File.SetUnixFileMode(directory, OwnerOnlyFolder);
        }
        catch (UnauthorizedAccessException)
        {
            // A shared mount owned by another account: its owner sets the mode (operations guide, model store).
        }
    }
}
