using OpenTelemetry.Trace;

namespace OrleansRecsys.Silo;

/// <summary>
/// Traces start at requests: a span with no parent is recorded only when it is an HTTP request's (and then with
/// <see cref="TracingOptions.SampleRatio"/>); every other span follows its parent's decision. Grain calls made outside
/// any request (Kafka ingestion, timers, warm-up, the runtime's own calls) would otherwise each start a trace of their own
/// and bury the requests' traces.
/// </summary>
internal sealed class RequestRootedSampler(double sampleRatio) : Sampler
{
    /// <summary>The name of ASP.NET Core's span for one HTTP request.</summary>
    public const string HttpRequestSpanName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Dropped = new(SamplingDecision.Drop);
    private readonly ParentBasedSampler _parentBased = new(new TraceIdRatioBasedSampler(sampleRatio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Name != HttpRequestSpanName
            ? Dropped
            : _parentBased.ShouldSample(samplingParameters);
}
