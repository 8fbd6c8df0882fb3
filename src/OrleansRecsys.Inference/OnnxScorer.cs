using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OrleansRecsys.Inference;

/// <summary>
/// One ONNX Runtime session for one model version: single-threaded intra-op (the grid parallelises across
/// requests), float input [N, F], one float output of N scores. <see cref="Score"/> is thread-safe.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    // Callers inside Score, whether Dispose was asked for, and whether the native session was freed. _closing is
    // written with a full fence: a plain (release) store could be ordered after Dispose's read of _users, letting
    // a Score that saw _closing == 0 run on a session that Dispose saw unused and freed.
    private int _users;
    private int _closing;
    private int _released;
    private int _runLimitMs;

    private OnnxScorer(InferenceSession session, string input, string output, int width)
    {
        _session = session;
        _inputNames = [input];
        _outputNames = [output];
        Width = width;
    }

    public int Width { get; }

    /// <summary>
    /// How long one run may take before it is stopped (zero: no limit). Set once the session has warmed up: a first run
    /// may be slow for reasons the model's steady state does not share. A stopped run throws <see cref="TimeoutException"/>.
    /// </summary>
    public TimeSpan RunLimit
    {
        get => TimeSpan.FromMilliseconds(Volatile.Read(ref _runLimitMs));
        set => Volatile.Write(ref _runLimitMs, (int)Math.Clamp(value.TotalMilliseconds, 0, int.MaxValue));
    }

    /// <summary>Loads and checks a model: one float input [N, F] with dynamic N, and a float output [N] or [N, 1].</summary>
    public static OnnxScorer Load(byte[] onnx, string inputName, string outputName, int width) =>
        Load(options => new InferenceSession(onnx, options), inputName, outputName, width);

    /// <summary>Loads and checks a model file; ONNX Runtime reads it itself, so the file is never a managed array.</summary>
    public static OnnxScorer LoadFile(string path, string inputName, string outputName, int width) =>
        Load(options => new InferenceSession(path, options), inputName, outputName, width, path);

    /// <summary><paramref name="path"/>, when given, is kept out of error messages: they reach API clients, and the
    /// store's location on a silo is none of their business.</summary>
    private static OnnxScorer Load(Func<SessionOptions, InferenceSession> open, string inputName, string outputName, int width, string? path = null)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = open(options);
        }
        catch (OnnxRuntimeException ex)
        {
            var reason = FirstLine(ex.Message);
            throw new ModelInvalidException($"the ONNX model does not load: {(path is null ? reason : Redact(reason, path))}");
        }
        finally
        {
            options.Dispose();
        }

        try
        {
            Check(session, inputName, outputName, width);
            return new OnnxScorer(session, inputName, outputName, width);
        }
        catch (OnnxRuntimeException ex)
        {
            session.Dispose();
            throw new ModelInvalidException($"the model's inputs or outputs cannot be read: {FirstLine(ex.Message)}");
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static void Check(InferenceSession session, string inputName, string outputName, int width)
    {
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
        {
            throw new ModelInvalidException($"the model must have exactly one input; it has {inputs.Count} ({string.Join(", ", inputs.Keys)})");
        }

        if (!inputs.TryGetValue(inputName, out var input))
        {
            throw new ModelInvalidException($"the manifest names input '{inputName}', but the model's input is '{inputs.Keys.First()}'");
        }

        if (!input.IsTensor)
        {
            throw new ModelInvalidException($"input '{inputName}' must be a float tensor [N, F]; it is a {input.OnnxValueType}");
        }

        if (input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 2)
        {
            throw new ModelInvalidException($"input '{inputName}' must be a float tensor [N, F]; it is {input.ElementDataType} of rank {input.Dimensions.Length}");
        }

        if (input.Dimensions[0] > 0)
        {
            throw new ModelInvalidException($"input '{inputName}' must have a dynamic batch dimension; it is fixed at {input.Dimensions[0]}");
        }

        if (input.Dimensions[1] != width)
        {
            throw new ModelInvalidException($"input '{inputName}' has {input.Dimensions[1]} features but the manifest lists {width}");
        }

        if (!session.OutputMetadata.TryGetValue(outputName, out var output))
        {
            throw new ModelInvalidException($"the manifest names output '{outputName}', which the model does not have (it has {string.Join(", ", session.OutputMetadata.Keys)})");
        }

        if (!output.IsTensor)
        {
            throw new ModelInvalidException($"output '{outputName}' must be a float tensor [N] or [N, 1]; it is a {output.OnnxValueType}");
        }

        var dims = output.Dimensions;
        var okShape = dims.Length == 1 || (dims.Length == 2 && dims[1] == 1);
        if (output.ElementDataType != TensorElementType.Float || !okShape)
        {
            throw new ModelInvalidException($"output '{outputName}' must be a float tensor [N] or [N, 1]; it is {output.ElementDataType} [{string.Join(", ", dims)}]");
        }
    }

    /// <summary>Scores <paramref name="rowCount"/> rows (row-major, rowCount × Width) into <paramref name="scores"/>.</summary>
    public void Score(float[] rows, int rowCount, Span<float> scores)
    {
        // Count callers, so an unload never frees the native session under a running call.
        Interlocked.Increment(ref _users);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closing) != 0, this);
            var limitMs = Volatile.Read(ref _runLimitMs);
            if (limitMs == 0)
            {
                ScoreCore(rows, rowCount, scores, _runOptions);
            }
            else
            {
                ScoreWithin(limitMs, rows, rowCount, scores);
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _closing) != 0)
            {
                Release();
            }
        }
    }

    private void ScoreWithin(int limitMs, float[] rows, int rowCount, Span<float> scores)
    {
        var slot = RunWatchdog.Enter(limitMs);
        try
        {
            ScoreCore(rows, rowCount, scores, slot.Options);
        }
        catch (OnnxRuntimeException) when (slot.Finish())
        {
            throw new TimeoutException($"scoring ran past the run limit of {limitMs} ms and was stopped");
        }
        finally
        {
            slot.Finish();
        }
    }

    private void ScoreCore(float[] rows, int rowCount, Span<float> scores, RunOptions runOptions)
    {
        var shape = new long[] { rowCount, Width };
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, rows.AsMemory(0, rowCount * Width), shape);
        using var outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
        var data = outputs[0].GetTensorDataAsSpan<float>();
        if (data.Length != rowCount)
        {
            throw new ModelInvalidException($"the model returned {data.Length} scores for {rowCount} rows");
        }

        data.CopyTo(scores);
    }

    /// <summary>Frees the session once no call is running on it (the last caller frees it otherwise).</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _closing, 1);
        if (Volatile.Read(ref _users) == 0)
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _session.Dispose();
            _runOptions.Dispose();
        }
    }

    /// <summary>The file's path, then its folder (a split model's side file is named by it), replaced by words.</summary>
    private static string Redact(string reason, string path)
    {
        reason = reason.Replace(path, "the model file", StringComparison.Ordinal);
        return Path.GetDirectoryName(path) is { Length: > 1 } folder ? reason.Replace(folder, "the model's folder", StringComparison.Ordinal) : reason;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }
}
