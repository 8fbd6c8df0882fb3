namespace OrleansRecsys.Inference;

/// <summary>
/// Finds tensors that a model keeps as ONNX "external data": a file name, resolved by ONNX Runtime next to the model or
/// anywhere a relative path leads. A model that arrives from outside must hold all its data: otherwise loading it
/// would read whatever file the silo may read (key files beside the model store, for one) into weights that it then
/// serves. The walk covers every place onnx.proto puts a tensor: graph initializers and sparse initializers, node
/// attributes (tensors, sparse tensors and subgraphs, at any depth), functions and training graphs. It reads tags and
/// lengths only (<see cref="ProtobufFileReader"/>), never the tensors.
/// </summary>
internal static class ExternalDataReferences
{
    /// <summary>Deeper than ONNX Runtime parses (100), so a model this walk gives up on does not load anyway.</summary>
    private const int MaxDepth = 128;

    private enum Kind { Model, TrainingInfo, Function, Graph, Node, Attribute, SparseTensor, Tensor }

    /// <summary>The messages, by containing message and field number (onnx.proto), that can hold a tensor.</summary>
    private static readonly Dictionary<(Kind, int), Kind> Children = new()
    {
        [(Kind.Model, 7)] = Kind.Graph,
        [(Kind.Model, 20)] = Kind.TrainingInfo,
        [(Kind.Model, 25)] = Kind.Function,
        [(Kind.TrainingInfo, 1)] = Kind.Graph,
        [(Kind.TrainingInfo, 2)] = Kind.Graph,
        [(Kind.Function, 7)] = Kind.Node,
        [(Kind.Graph, 1)] = Kind.Node,
        [(Kind.Graph, 5)] = Kind.Tensor,
        [(Kind.Graph, 15)] = Kind.SparseTensor,
        [(Kind.Node, 5)] = Kind.Attribute,
        [(Kind.Attribute, 5)] = Kind.Tensor,
        [(Kind.Attribute, 6)] = Kind.Graph,
        [(Kind.Attribute, 10)] = Kind.Tensor,
        [(Kind.Attribute, 11)] = Kind.Graph,
        [(Kind.Attribute, 22)] = Kind.SparseTensor,
        [(Kind.Attribute, 23)] = Kind.SparseTensor,
        [(Kind.SparseTensor, 1)] = Kind.Tensor,
        [(Kind.SparseTensor, 2)] = Kind.Tensor,
    };

    /// <summary>The reason a model that names external data is refused.</summary>
    public const string Refusal = "the model reads tensors from other files (ONNX external data); upload a model that holds all its data";

    /// <summary>True when the model file names external data; false for one that does not, or that is not protobuf (ONNX Runtime then says why).</summary>
    public static bool In(string path)
    {
        using var reader = ProtobufFileReader.Open(path);
        return In(reader);
    }

    /// <summary><see cref="In(string)"/> for a model in memory.</summary>
    public static bool In(byte[] onnx)
    {
        using var reader = new ProtobufFileReader(new MemoryStream(onnx, writable: false));
        return In(reader);
    }

    private static bool In(ProtobufFileReader reader)
    {
        try
        {
            return Walk(reader, Kind.Model, reader.Length, depth: 0);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool Walk(ProtobufFileReader reader, Kind kind, long end, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("nested too deep");
        }

        while (reader.Position < end)
        {
            var (_, field, wireType) = reader.ReadKey();
            if (kind == Kind.Tensor && IsExternalMarker(reader, field, wireType))
            {
                return true;
            }

            if (wireType == OnnxWire.LengthDelimited && Children.TryGetValue((kind, field), out var child))
            {
                var (_, payloadEnd) = reader.ReadLength(end);
                if (Walk(reader, child, payloadEnd, depth + 1))
                {
                    return true;
                }
            }
            else if (!(kind == Kind.Tensor && field == OnnxWire.TensorDataLocation && wireType == OnnxWire.Varint))
            {
                reader.SkipValue(wireType, end);
            }
        }

        return false;
    }

    /// <summary>TensorProto.external_data present, or data_location EXTERNAL (reading the location's value as it goes).</summary>
    private static bool IsExternalMarker(ProtobufFileReader reader, int field, int wireType) =>
        (field, wireType) switch
        {
            (OnnxWire.TensorExternalData, OnnxWire.LengthDelimited) => true,
            (OnnxWire.TensorDataLocation, OnnxWire.Varint) => reader.ReadVarint() == 1,
            _ => false,
        };
}
