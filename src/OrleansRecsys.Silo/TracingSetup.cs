using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Silo;

/// <summary>
/// OpenTelemetry tracing for both roles (<see cref="TracingOptions"/>): the HTTP request's span (ASP.NET Core's own
/// activity source, which honours an incoming <c>traceparent</c>), Orleans' grain-call spans, propagated between
/// processes inside each call, and the grid's model-scoring and explanation spans (<see cref="RecsysTracing"/>).
/// </summary>
internal static class TracingSetup
{
    /// <summary>ASP.NET Core's activity source: one server span per HTTP request.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>Orleans' activity source for calls to application grains (client and server side of each call).</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>Orleans' activity source for calls to grains whose interface namespace starts with "Orleans", which
    /// includes this grid's own (<c>OrleansRecsys</c>) besides the runtime's.</summary>
    public const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    /// <summary>The tracer provider (with the OTLP exporter unless <see cref="TracingOptions.Otlp"/> is false) and the
    /// <see cref="TracingOptions.TraceIdHeader"/> response header, when tracing is on; nothing otherwise.</summary>
    public static void AddRecsysTracing(this WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        if (!options.IsOn(builder.Configuration))
        {
            return;
        }

        // The service name and namespace come from the resource the metrics pipeline configures on the same builder.
        builder.Services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.SetSampler(new RequestRootedSampler(options.SampleRatio))
                .AddSource(AspNetCoreSource, OrleansApplicationSource, OrleansRuntimeSource, RecsysTracing.SourceName);
            if (options.Otlp)
            {
                tracing.AddOtlpExporter();
            }
        });
        builder.Services.AddTransient<IStartupFilter, TraceIdHeaderStartupFilter>();
    }

    /// <summary>A silo passes the trace context along every grain call it makes and continues the caller's trace.</summary>
    public static ISiloBuilder UseRecsysTracing(this ISiloBuilder silo, IConfiguration configuration) =>
        Options(configuration).IsOn(configuration) ? silo.AddActivityPropagation() : silo;

    /// <summary>A gateway's Orleans client passes the HTTP request's trace context to the silos it calls.</summary>
    public static IClientBuilder UseRecsysTracing(this IClientBuilder client, IConfiguration configuration) =>
        Options(configuration).IsOn(configuration) ? client.AddActivityPropagation() : client;

    private static TracingOptions Options(IConfiguration configuration) => configuration.ValidatedNow<TracingOptions>(TracingOptions.Section);
}
