namespace OrleansRecsys.Inference;

/// <summary>
/// Splits an ONNX model file into a graph file and a side file holding its large initializers' raw data, referenced as
/// ONNX "external data". ONNX Runtime loading one file parses all of it into memory and then copies every initializer
/// out of the parsed message: about twice the model's size at the peak. Loading the split model it parses only the graph,
/// and maps the side file instead of copying it, so it holds what it reads of the initializers. Streaming, in two passes
/// (<see cref="ExternalDataPlanner"/> reads tags and lengths, <see cref="ExternalDataWriter"/> copies): memory is one
/// buffer whatever the model's size. The tensors' bytes are moved unchanged, so the split model computes exactly what the
/// file does.
/// </summary>
public static class ExternalInitializers
{
    /// <summary>The graph file's name in the split folder.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The side file's name: relative, in the graph file's folder, as ONNX Runtime requires of external data.</summary>
    public const string DataFileName = "initializers.bin";

    /// <summary>Raw data this large moves out; smaller tensors stay in the graph, where they cost little.</summary>
    public const int MinimumBytes = 64 << 10;

    /// <summary>Each moved tensor starts at a multiple of a memory page in the side file, so that it maps on its own pages.</summary>
    public const int Alignment = 4096;

    /// <summary>
    /// Writes the split model of <paramref name="source"/> into the existing, empty <paramref name="folder"/>, as
    /// <see cref="ModelFileName"/> and <see cref="DataFileName"/>. False, and nothing written, when there is nothing to
    /// move (no initializer with raw data of <see cref="MinimumBytes"/> or more) or the file is not protobuf.
    /// </summary>
    public static bool TrySplit(string source, string folder)
    {
        var graphs = ExternalDataPlanner.Plan(source);
        if (graphs is not { Count: > 0 })
        {
            return false;
        }

        ExternalDataWriter.Write(source, folder, graphs);
        return true;
    }
}
