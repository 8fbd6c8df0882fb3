using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace OrleansRecsys.Silo;

/// <summary>
/// <c>Recsys:Tracing</c>: OpenTelemetry traces, off by default. On when <c>Enabled</c> is true, or when it is not set
/// and a standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) variable names a
/// collector; <c>OTEL_SDK_DISABLED=true</c> turns it off whatever else says. The OTLP exporter reads the other standard
/// variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>_TIMEOUT</c>, ...).
/// </summary>
public sealed class TracingOptions
{
    public const string Section = "Recsys:Tracing";

    /// <summary>The response header that carries the request's trace id (32 hex digits) when tracing is on.</summary>
    public const string TraceIdHeader = "X-Trace-Id";

    public bool? Enabled { get; set; }

    /// <summary>Send spans to the OTLP endpoint; false keeps tracing (trace ids in headers, logs and the prediction
    /// log) without exporting anything.</summary>
    public bool Otlp { get; set; } = true;

    /// <summary>The share of new traces recorded (a request arriving with a sampled <c>traceparent</c> is always recorded).</summary>
    [Range(0.0, 1.0, ErrorMessage = Section + ":SampleRatio must be between {1} and {2}.")]
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>Whether tracing is on for this configuration (see the class summary).</summary>
    public bool IsOn(IConfiguration configuration)
    {
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Enabled ?? (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]));
    }
}
