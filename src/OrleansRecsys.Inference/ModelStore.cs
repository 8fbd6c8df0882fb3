using System.Security.Cryptography;

namespace OrleansRecsys.Inference;

/// <summary>Content-addressed store of ONNX artifacts: one file per SHA-256, written atomically.</summary>
public sealed class ModelStore
{
    public ModelStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public string PathOf(string sha256) => System.IO.Path.Combine(Directory, sha256.ToLowerInvariant() + ".onnx");

    public bool Contains(string sha256) => File.Exists(PathOf(sha256));

    public async Task<string> SaveAsync(byte[] bytes, CancellationToken ct = default)
    {
        var sha = Sha256Hex(bytes);
        var path = PathOf(sha);
        if (File.Exists(path))
        {
            return sha;
        }

        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(tmp, bytes, ct);
        File.Move(tmp, path, overwrite: true);
        return sha;
    }

    public byte[] Load(string sha256)
    {
        var bytes = File.ReadAllBytes(PathOf(sha256));
        var actual = Sha256Hex(bytes);
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"model artifact {sha256} is corrupt (its SHA-256 is {actual})");
        }

        return bytes;
    }
}
