using OrleansRecsys.TestSupport;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys.Testing;

/// <summary>
/// Writes a big ONNX model straight to a file, never whole in memory: score = features·W + Big[0], where Big is a float
/// initializer of the requested size (like an embedding table) and Big[0] is 0, so the scores are those of the small
/// linear part. By default the index into Big is a constant, so ONNX Runtime reads all of Big when it loads the model
/// (constant folding evaluates the Gather). With <c>readByInput</c> the index is computed from the input
/// (Cast(features·0)), as an embedding table's are: Big stays in the session and each run reads the row it needs. The
/// protobuf wire format (field numbers from onnx.proto) is written by hand, lengths first, Big's bytes in blocks.
/// </summary>
public static class LargeOnnxModel
{
    private const int FloatType = 1;
    private const int Int64Type = 7;
    private const int AttributeInt = 2;
    private const int BlockBytes = 1 << 20;

    /// <summary>Writes the model to <paramref name="path"/> and returns its size and lowercase hex SHA-256.</summary>
    public static (long Bytes, string Sha256) Write(string path, int width, long initializerBytes, string input, string output, bool readByInput = false)
    {
        var floats = initializerBytes / 4;
        var weights = new byte[width * 4];
        for (var j = 0; j < width; j++)
        {
            BitConverter.TryWriteBytes(weights.AsSpan(j * 4), 0.01f);
        }

        var graphHead = new ProtoWriter();
        if (readByInput)
        {
            // index = Cast<int64>(features·Zero): zeros of shape [N, 1] that only a run can compute.
            graphHead.Message(1, Node([input, "Zero"], ["zeros"], "MatMul", "index_matmul"))
                .Message(1, Node(["zeros"], ["Index"], "Cast").Message(5, new ProtoWriter().String(1, "to").Varint(3, Int64Type).Varint(20, AttributeInt)));
        }

        graphHead.Message(1, Node(["Big", "Index"], ["first"], "Gather"))
            .Message(1, Node([input, "W"], ["xw"], "MatMul"))
            .Message(1, Node(["xw", "first"], [output], "Add"))
            .String(2, "recsys-large-initializer");
        var bigHead = new ProtoWriter().Varint(1, (ulong)floats).Varint(2, FloatType).String(8, "Big").Key(9, 2).Raw((ulong)(floats * 4)).ToArray();
        var graphTail = new ProtoWriter()
            .Message(5, Tensor("W", [width, 1], FloatType, weights))
            .Message(5, readByInput ? Tensor("Zero", [width, 1], FloatType, new byte[width * 4]) : Tensor("Index", [], Int64Type, new byte[8]))
            .Message(11, ValueInfo(input, ["N", width.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .Message(12, ValueInfo(output, ["N", "1"]))
            .ToArray();
        var bigLength = bigHead.Length + (floats * 4);
        var bigKey = new ProtoWriter().Key(5, 2).Raw((ulong)bigLength).ToArray();
        var graphLength = graphHead.ToArray().Length + bigKey.Length + bigLength + graphTail.Length;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BlockBytes);
        void Put(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            file.Write(bytes);
        }

        Put(new ProtoWriter().Varint(1, 8).String(2, "orleans-recsys").Key(7, 2).Raw((ulong)graphLength).ToArray());
        Put(graphHead.ToArray());
        Put(bigKey);
        Put(bigHead);
        PutInitializer(floats * 4, Put);
        Put(graphTail);
        Put(new ProtoWriter().Message(8, new ProtoWriter().String(1, "").Varint(2, 13)).ToArray());
        return (file.Length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Big's values: 0 first (the value the graph adds), then a ramp, so the file is not a run of zeros.</summary>
    private static void PutInitializer(long bytes, SpanAction put)
    {
        var block = new byte[BlockBytes];
        for (var i = 4; i < block.Length; i += 4)
        {
            BitConverter.TryWriteBytes(block.AsSpan(i), (i / 4) % 1000 / 1000f);
        }

        for (long written = 0; written < bytes; written += block.Length)
        {
            put(block.AsSpan(0, (int)Math.Min(block.Length, bytes - written)));
            if (written == 0)
            {
                block.AsSpan(0, 4).Clear();
                BitConverter.TryWriteBytes(block.AsSpan(0), 0.5f);
            }
        }
    }

    private delegate void SpanAction(ReadOnlySpan<byte> bytes);

    private static ProtoWriter Node(string[] inputs, string[] outputs, string op, string? name = null)
    {
        var p = new ProtoWriter();
        foreach (var i in inputs)
        {
            p.String(1, i);
        }

        foreach (var o in outputs)
        {
            p.String(2, o);
        }

        return p.String(3, name ?? op.ToLowerInvariant()).String(4, op);
    }

    private static ProtoWriter Tensor(string name, long[] dims, int type, byte[] raw)
    {
        var p = new ProtoWriter();
        foreach (var d in dims)
        {
            p.Varint(1, (ulong)d);
        }

        return p.Varint(2, (ulong)type).String(8, name).Bytes(9, raw);
    }

    /// <summary>A float tensor value info; a dimension that is not a number is symbolic (dynamic).</summary>
    private static ProtoWriter ValueInfo(string name, string[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
        {
            shape.Message(1, long.TryParse(d, out var v) ? new ProtoWriter().Varint(1, (ulong)v) : new ProtoWriter().String(2, d));
        }

        var tensor = new ProtoWriter().Varint(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }
}
