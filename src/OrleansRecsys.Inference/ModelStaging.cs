using System.Security.Cryptography;

namespace OrleansRecsys.Inference;

/// <summary>
/// One upload being written into the store's staging folder: each block is hashed as it is written, so the SHA-256
/// (the artifact's address) is known when the last byte lands, without reading the file again. Disposing an upload
/// that was not completed deletes its file.
/// </summary>
public sealed class ModelStaging : IAsyncDisposable
{
    /// <summary>The file buffer: large sequential writes, so a block is one system call.</summary>
    internal const int BufferBytes = 1 << 20;

    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _completed;

    internal ModelStaging(string path)
    {
        Path = path;
        // CreateNew: an upload id is written once. Owner-only from the first byte, not chmod-ed afterwards.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = BufferBytes,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(path, options);
    }

    public string Path { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> block, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _hash.AppendData(block.Span);
        await _file.WriteAsync(block, ct);
        Length += block.Length;
    }

    /// <summary>Flushes the file to disk (the rename that publishes it must not outlive its content in a crash) and
    /// returns its lowercase hex SHA-256.</summary>
    public async Task<string> CompleteAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await _file.FlushAsync(ct);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        _completed = true;
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        if (!_completed)
        {
            _completed = true;
            await _file.DisposeAsync();
            File.Delete(Path);
        }
    }
}
