namespace OrleansRecsys.Inference;

/// <summary>
/// The few pieces of the protobuf wire format, and of onnx.proto's field numbers, that splitting a model's initializers
/// out of its file needs (<see cref="ExternalInitializers"/>). The model is never parsed into objects: only the tags and
/// lengths on the way to the initializers' raw data are read.
/// </summary>
internal static class OnnxWire
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    /// <summary>ModelProto.graph.</summary>
    public const int ModelGraph = 7;

    /// <summary>GraphProto.initializer.</summary>
    public const int GraphInitializer = 5;

    /// <summary>TensorProto.raw_data.</summary>
    public const int TensorRawData = 9;

    /// <summary>TensorProto.external_data (repeated StringStringEntryProto: key 1, value 2).</summary>
    public const int TensorExternalData = 13;

    /// <summary>TensorProto.data_location (1: EXTERNAL).</summary>
    public const int TensorDataLocation = 14;

    public static ulong Key(int field, int wireType) => ((ulong)field << 3) | (uint)wireType;

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>The bytes a length-delimited field takes: its key, its length and its payload.</summary>
    public static long FieldSize(int field, long payloadLength) =>
        VarintSize(Key(field, LengthDelimited)) + VarintSize((ulong)payloadLength) + payloadLength;

    public static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    /// <summary>Writes the key and length of a length-delimited field; its payload follows.</summary>
    public static void WriteFieldHead(Stream stream, int field, long payloadLength)
    {
        WriteVarint(stream, Key(field, LengthDelimited));
        WriteVarint(stream, (ulong)payloadLength);
    }

    public static void WriteString(Stream stream, int field, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        WriteFieldHead(stream, field, bytes.Length);
        stream.Write(bytes);
    }
}
