using System.Buffers;

namespace OrleansRecsys.Inference;

/// <summary>
/// The second pass of <see cref="ExternalInitializers"/>: copies the model file front to back into the split model, the
/// planned initializers' raw data going to the side file (each at its aligned offset) and their external-data reference
/// in its place, with the new lengths of the fields around them. One buffer, whatever the model's size.
/// </summary>
internal sealed class ExternalDataWriter : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FileStream _source;
    private readonly FileStream _model;
    private readonly FileStream _data;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);

    private ExternalDataWriter(string source, string folder)
    {
        _source = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        _model = Create(Path.Combine(folder, ExternalInitializers.ModelFileName), bufferSize: 64 << 10);
        _data = Create(Path.Combine(folder, ExternalInitializers.DataFileName), bufferSize: 0);
    }

    public static void Write(string source, string folder, IReadOnlyList<GraphRewrite> graphs)
    {
        using var writer = new ExternalDataWriter(source, folder);
        foreach (var graph in graphs)
        {
            writer.Copy(writer._model, graph.TagStart);
            OnnxWire.WriteFieldHead(writer._model, OnnxWire.ModelGraph, graph.NewLength);
            writer.SkipTo(graph.PayloadStart);
            foreach (var move in graph.Moves)
            {
                writer.Move(move);
            }
        }

        writer.Copy(writer._model, writer._source.Length);
    }

    public void Dispose()
    {
        _source.Dispose();
        _model.Dispose();
        _data.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private void Move(InitializerMove move)
    {
        Copy(_model, move.TagStart);
        OnnxWire.WriteFieldHead(_model, OnnxWire.GraphInitializer, move.NewLength);
        SkipTo(move.PayloadStart);
        Copy(_model, move.RawFieldStart);
        SkipTo(move.RawPayloadStart);
        if (_data.Length < move.DataOffset)
        {
            // The gap before an aligned offset: a hole in the file, never written.
            _data.SetLength(move.DataOffset);
        }

        _data.Position = move.DataOffset;
        Copy(_data, move.RawEnd);
        Copy(_model, move.PayloadEnd);
        _model.Write(move.Reference);
    }

    /// <summary>Copies the source from where it is up to <paramref name="end"/> into <paramref name="target"/>.</summary>
    private void Copy(FileStream target, long end)
    {
        while (_source.Position < end)
        {
            var read = _source.Read(_buffer, 0, (int)Math.Min(BufferBytes, end - _source.Position));
            if (read == 0)
            {
                throw new InvalidDataException("the model file got shorter while it was being split");
            }

            target.Write(_buffer, 0, read);
        }
    }

    /// <summary>Moves past source bytes that are rewritten, not copied (a key and length, a raw_data field's head).</summary>
    private void SkipTo(long position) => _source.Position = position;

    private static FileStream Create(string path, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return new FileStream(path, options);
    }
}
