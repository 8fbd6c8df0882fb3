using System.Globalization;

namespace OrleansRecsys.Inference;

/// <summary>
/// The first pass of <see cref="ExternalInitializers"/>: walks the model file's protobuf tags and lengths (seeking over
/// every payload, so it reads a few bytes per field, never the tensors) to find the initializers worth moving out and the
/// lengths of the fields that contain them once they have. A file it cannot walk as protobuf is left as it is.
/// </summary>
internal sealed class ExternalDataPlanner : IDisposable
{
    private readonly ProtobufFileReader _file;
    private long _dataEnd;

    private ExternalDataPlanner(string path) => _file = ProtobufFileReader.Open(path);

    /// <summary>The graphs to rewrite, in file order (empty: nothing to move), or null when the file is not protobuf
    /// this can walk; ONNX Runtime then gets the file as it is, and says what is wrong with it.</summary>
    public static IReadOnlyList<GraphRewrite>? Plan(string path)
    {
        using var planner = new ExternalDataPlanner(path);
        try
        {
            return planner.PlanModel();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();

    private List<GraphRewrite> PlanModel()
    {
        var graphs = new List<GraphRewrite>();
        var end = _file.Length;
        while (_file.Position < end)
        {
            var (tagStart, field, wireType) = _file.ReadKey();
            if (field == OnnxWire.ModelGraph && wireType == OnnxWire.LengthDelimited)
            {
                var (payloadStart, payloadEnd) = _file.ReadLength(end);
                if (PlanGraph(tagStart, payloadStart, payloadEnd) is { } graph)
                {
                    graphs.Add(graph);
                }
            }
            else
            {
                _file.SkipValue(wireType, end);
            }
        }

        return graphs;
    }

    private GraphRewrite? PlanGraph(long tagStart, long payloadStart, long payloadEnd)
    {
        var moves = new List<InitializerMove>();
        long saved = 0;
        while (_file.Position < payloadEnd)
        {
            var (fieldStart, field, wireType) = _file.ReadKey();
            if (field == OnnxWire.GraphInitializer && wireType == OnnxWire.LengthDelimited)
            {
                var (tensorStart, tensorEnd) = _file.ReadLength(payloadEnd);
                if (PlanTensor(fieldStart, tensorStart, tensorEnd) is { } move)
                {
                    moves.Add(move);
                    saved += tensorEnd - fieldStart - OnnxWire.FieldSize(OnnxWire.GraphInitializer, move.NewLength);
                }
            }
            else
            {
                _file.SkipValue(wireType, payloadEnd);
            }
        }

        _file.ExpectEnd(payloadEnd);
        return moves.Count == 0 ? null : new GraphRewrite(tagStart, payloadStart, payloadEnd - payloadStart - saved, moves);
    }

    /// <summary>The move of one initializer, or null when it stays: no raw data, raw data under the threshold, or already
    /// external (such a reference is ONNX Runtime's to judge, as it would be without the split).</summary>
    private InitializerMove? PlanTensor(long fieldStart, long start, long end)
    {
        long rawField = 0, rawPayload = 0, rawLength = 0;
        var rawFields = 0;
        var external = false;
        while (_file.Position < end)
        {
            var (tagStart, field, wireType) = _file.ReadKey();
            if (field == OnnxWire.TensorRawData && wireType == OnnxWire.LengthDelimited)
            {
                (rawPayload, var rawEnd) = _file.ReadLength(end);
                (rawField, rawLength) = (tagStart, rawEnd - rawPayload);
                rawFields++;
                _file.Position = rawEnd;
            }
            else
            {
                external |= field is OnnxWire.TensorExternalData or OnnxWire.TensorDataLocation;
                _file.SkipValue(wireType, end);
            }
        }

        _file.ExpectEnd(end);
        if (rawFields != 1 || external || rawLength < ExternalInitializers.MinimumBytes)
        {
            return null;
        }

        var offset = (_dataEnd + ExternalInitializers.Alignment - 1) / ExternalInitializers.Alignment * ExternalInitializers.Alignment;
        _dataEnd = offset + rawLength;
        return new InitializerMove(fieldStart, start, end, rawField, rawPayload, rawLength, offset, Reference(offset, rawLength));
    }

    /// <summary>What replaces the raw_data field: external_data entries (location, offset, length) and data_location EXTERNAL.</summary>
    private static byte[] Reference(long offset, long length)
    {
        using var bytes = new MemoryStream();
        Entry(bytes, "location", ExternalInitializers.DataFileName);
        Entry(bytes, "offset", offset.ToString(CultureInfo.InvariantCulture));
        Entry(bytes, "length", length.ToString(CultureInfo.InvariantCulture));
        OnnxWire.WriteVarint(bytes, OnnxWire.Key(OnnxWire.TensorDataLocation, OnnxWire.Varint));
        OnnxWire.WriteVarint(bytes, 1);
        return bytes.ToArray();
    }

    private static void Entry(MemoryStream bytes, string key, string value)
    {
        using var entry = new MemoryStream();
        OnnxWire.WriteString(entry, 1, key);
        OnnxWire.WriteString(entry, 2, value);
        OnnxWire.WriteFieldHead(bytes, OnnxWire.TensorExternalData, entry.Length);
        entry.WriteTo(bytes);
    }
}
