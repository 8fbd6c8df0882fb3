using OrleansRecsys.TestSupport;
using System.Text;

namespace OrleansRecsys.Inference.Tests;

/// <summary>
/// Hand-built ONNX graphs, written directly in the ONNX protobuf wire format (field numbers from onnx.proto).
/// Test models with exactly known behaviour (also compiled into the grid's integration tests): input "features"
/// float [N, F], output "score" = Sqrt(offset - X·W) with shape [N, outputs]. With a positive offset larger than every feature value
/// times its weight, scores are finite; a row whose X·W exceeds the offset scores NaN.
/// </summary>
internal static class OnnxGraph
{
    private const int FloatType = 1;

    public static byte[] SqrtOfOffsetMinusLinear(float[] weights, float offset, int outputs = 1, string input = "features", string output = "score")
    {
        var width = weights.Length;
        var w = new float[width * outputs];
        for (var j = 0; j < width; j++)
        {
            for (var o = 0; o < outputs; o++)
            {
                w[(j * outputs) + o] = weights[j];
            }
        }

        var graph = new ProtoWriter()
            .Message(1, Node([input, "W"], ["xw"], "MatMul"))
            .Message(1, Node(["C", "xw"], ["diff"], "Sub"))
            .Message(1, Node(["diff"], [output], "Sqrt"))
            .String(2, "recsys-handbuilt")
            .Message(5, Tensor("W", [width, outputs], w))
            .Message(5, Tensor("C", [], [offset]))
            .Message(11, ValueInfo(input, ["N", width.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .Message(12, ValueInfo(output, ["N", outputs.ToString(System.Globalization.CultureInfo.InvariantCulture)]));

        return new ProtoWriter()
            .Varint(1, 8)                                   // ir_version
            .String(2, "orleans-recsys")                    // producer_name
            .Message(7, graph)                              // graph
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 13)) // opset_import: default domain, opset 13
            .ToArray();
    }

    /// <summary>score = X·W + bias: a linear model, whose occlusion contributions are exactly weight × (value − reference).</summary>
    public static byte[] Linear(float[] weights, float bias, string input = "features", string output = "score")
    {
        var width = weights.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var graph = new ProtoWriter()
            .Message(1, Node([input, "W"], ["xw"], "MatMul"))
            .Message(1, Node(["xw", "B"], [output], "Add"))
            .String(2, "recsys-linear")
            .Message(5, Tensor("W", [weights.Length, 1], weights))
            .Message(5, Tensor("B", [], [bias]))
            .Message(11, ValueInfo(input, ["N", width]))
            .Message(12, ValueInfo(output, ["N", "1"]));
        return new ProtoWriter()
            .Varint(1, 8)
            .String(2, "orleans-recsys")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 13))
            .ToArray();
    }

    /// <summary>
    /// score = X·W + 0 with W stored as ONNX "external data" at <paramref name="location"/> (offset 0, width floats): a
    /// model that asks the runtime to read weights from a file outside itself.
    /// </summary>
    public static byte[] LinearWithExternalWeights(int width, string location, bool inConstantNode = false, string input = "features", string output = "score")
    {
        var w = new ProtoWriter().Varint(1, (ulong)width).Varint(1, 1).Varint(2, FloatType).String(8, "W")
            .Message(13, new ProtoWriter().String(1, "location").String(2, location))
            .Message(13, new ProtoWriter().String(1, "length").String(2, (width * 4).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Varint(14, 1); // data_location: EXTERNAL
        var graph = new ProtoWriter();
        if (inConstantNode)
        {
            // W = Constant(value: the tensor), the attribute being of type TENSOR (4).
            graph.Message(1, Node([], ["W"], "Constant").Message(5, new ProtoWriter().String(1, "value").Message(5, w).Varint(20, 4)));
        }

        graph.Message(1, Node([input, "W"], [output], "MatMul"))
            .String(2, "recsys-external");
        if (!inConstantNode)
        {
            graph.Message(5, w);
        }

        graph
            .Message(11, ValueInfo(input, ["N", width.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .Message(12, ValueInfo(output, ["N", "1"]));
        return new ProtoWriter().Varint(1, 8).String(2, "orleans-recsys").Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 13)).ToArray();
    }

    /// <summary>
    /// score = X·W passed through <paramref name="identities"/> Identity nodes: it scores as fast as one MatMul (the
    /// optimizer removes the chain) but takes noticeably long to load, like a big production model. Tests use it to
    /// tell a version loaded before its first request from one loaded by it.
    /// </summary>
    public static byte[] SlowToLoadLinear(int width, int identities, string input = "features", string output = "score")
    {
        var w = new float[width];
        Array.Fill(w, 0.01f);
        var graph = new ProtoWriter().Message(1, Node([input, "W"], ["link0"], "MatMul"));
        for (var i = 0; i < identities; i++)
        {
            graph.Message(1, Node([$"link{i}"], [i == identities - 1 ? output : $"link{i + 1}"], "Identity", $"identity{i}"));
        }

        graph.String(2, "recsys-slow-to-load")
            .Message(5, Tensor("W", [width, 1], w))
            .Message(11, ValueInfo(input, ["N", width.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .Message(12, ValueInfo(output, ["N", "1"]));
        return new ProtoWriter()
            .Varint(1, 8)
            .String(2, "orleans-recsys")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 13))
            .ToArray();
    }

    /// <summary>
    /// score = X·W plus a term that is negligible but costs real work per row: X through <paramref name="layers"/> dense
    /// layers of width <paramref name="hidden"/>, projected by tiny (not zero) weights. The optimizer cannot drop the
    /// layers (they depend on the input), so each row costs about hidden² × layers multiply-adds: a genuinely slower model
    /// of the same shape and nearly the same scores as <see cref="SlowToLoadLinear"/> without the chain.
    /// </summary>
    public static byte[] SlowToScoreLinear(int width, int hidden, int layers, string input = "features", string output = "score")
    {
        var w = new float[width];
        Array.Fill(w, 0.01f);
        var a = new float[width * hidden];
        Array.Fill(a, 0.01f);
        var b = new float[hidden * hidden];
        Array.Fill(b, 1f / hidden);
        var graph = new ProtoWriter()
            .Message(1, Node([input, "W"], ["linear"], "MatMul", "linear"))
            .Message(1, Node([input, "A"], ["h0"], "MatMul", "expand"));
        for (var i = 0; i < layers; i++)
        {
            graph.Message(1, Node([$"h{i}", "B"], [$"h{i + 1}"], "MatMul", $"layer{i}"));
        }

        graph.Message(1, Node([$"h{layers}", "Z"], ["zero"], "MatMul", "project"))
            .Message(1, Node(["linear", "zero"], [output], "Add"))
            .String(2, "recsys-slow-to-score")
            .Message(5, Tensor("W", [width, 1], w))
            .Message(5, Tensor("A", [width, hidden], a))
            .Message(5, Tensor("B", [hidden, hidden], b))
            .Message(5, Tensor("Z", [hidden, 1], Enumerable.Repeat(1e-6f, hidden).ToArray()))
            .Message(11, ValueInfo(input, ["N", width.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .Message(12, ValueInfo(output, ["N", "1"]));
        return new ProtoWriter()
            .Varint(1, 8)
            .String(2, "orleans-recsys")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, 13))
            .ToArray();
    }

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

    private static ProtoWriter Tensor(string name, long[] dims, float[] values)
    {
        var p = new ProtoWriter();
        foreach (var d in dims)
        {
            p.Varint(1, (ulong)d);
        }

        p.Varint(2, FloatType);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return p.String(8, name).Bytes(9, raw);
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
