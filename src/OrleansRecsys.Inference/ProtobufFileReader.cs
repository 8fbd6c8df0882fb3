namespace OrleansRecsys.Inference;

/// <summary>
/// Reads a protobuf message (a file, or bytes) by tags and lengths, seeking over payloads, so walking a model of any size reads a few bytes per
/// field and never its tensors. Every length is checked against the message it sits in; anything else throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class ProtobufFileReader(Stream stream) : IDisposable
{
    private readonly Stream _file = stream;

    /// <summary>A reader of the file at <paramref name="path"/>, buffered for short reads between seeks.</summary>
    public static ProtobufFileReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 << 10));

    public long Length => _file.Length;

    public long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public void Dispose() => _file.Dispose();

    public (long TagStart, int Field, int WireType) ReadKey()
    {
        var tagStart = _file.Position;
        var key = ReadVarint();
        var field = key >> 3;
        return field is 0 or > int.MaxValue ? throw Malformed() : (tagStart, (int)field, (int)(key & 7));
    }

    /// <summary>Reads a length and returns where the payload starts and ends; the payload must end within <paramref name="limit"/>.</summary>
    public (long Start, long End) ReadLength(long limit)
    {
        var length = ReadVarint();
        var start = _file.Position;
        return length > (ulong)(limit - start) ? throw Malformed() : (start, start + (long)length);
    }

    public void SkipValue(int wireType, long limit)
    {
        switch (wireType)
        {
            case OnnxWire.Varint:
                ReadVarint();
                return;
            case OnnxWire.LengthDelimited:
                _file.Position = ReadLength(limit).End;
                return;
            case OnnxWire.Fixed64 or OnnxWire.Fixed32:
                var size = wireType == OnnxWire.Fixed64 ? 8 : 4;
                _file.Position = _file.Position + size <= limit ? _file.Position + size : throw Malformed();
                return;
            default:
                throw Malformed();
        }
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _file.ReadByte();
            if (b < 0)
            {
                break;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed();
    }

    /// <summary>A message's last field must end where the message does, not run into the next one.</summary>
    public void ExpectEnd(long end)
    {
        if (_file.Position != end)
        {
            throw Malformed();
        }
    }

    private static InvalidDataException Malformed() => new("not a protobuf message");
}
