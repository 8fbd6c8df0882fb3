using System.Text;

namespace OrleansRecsys.TestSupport;

/// <summary>
/// Writes protocol-buffer fields by number, which is all the tests need to build ONNX models (the ONNX schema's field
/// numbers) without a protobuf dependency. Compiled into each test project that generates models.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter Varint(int field, ulong value) => Key(field, 0).Raw(value);

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Key(field, 2).Raw((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>A field's key alone: for a length-delimited field whose bytes are written elsewhere (streamed).</summary>
    public ProtoWriter Key(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

    /// <summary>A bare varint (a length announced ahead of bytes written elsewhere).</summary>
    public ProtoWriter Raw(ulong v)
    {
        while (v >= 0x80)
        {
            _buffer.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        _buffer.WriteByte((byte)v);
        return this;
    }
}
