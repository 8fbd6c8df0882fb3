using System.Diagnostics;

namespace OrleansRecsys.Grains;

/// <summary>
/// The grid's own spans (activity source <c>OrleansRecsys</c>): model scoring and explanations. They hang under the
/// HTTP request's span and Orleans' grain-call spans, so one trace shows a request from the API to the ONNX run. With no
/// listener (tracing off) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs a check.
/// </summary>
public static class RecsysTracing
{
    public const string SourceName = "OrleansRecsys";

    /// <summary>The span of one model run over a batch of rows (<see cref="IModelVersionGrain.ScoreAsync"/>).</summary>
    public const string ScoreSpan = "recsys.model.score";

    /// <summary>The span of one explanation: the occlusion rows of a request's top-k items scored in one model run.</summary>
    public const string ExplainSpan = "recsys.explain";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current trace's id as 32 hex digits, or null outside a trace.</summary>
    public static string? CurrentTraceId() => Activity.Current is { } activity ? activity.TraceId.ToHexString() : null;
}
