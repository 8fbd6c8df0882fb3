using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace OrleansRecsys.Silo;

/// <summary>
/// Puts the request's trace id in the <see cref="TracingOptions.TraceIdHeader"/> response header (first in the pipeline,
/// so errors and refusals carry it too), so a caller can find its request in the trace store and in the logs. Only
/// registered when tracing is on.
/// </summary>
internal sealed class TraceIdHeaderStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static (context, nextMiddleware) =>
        {
            if (Activity.Current is { } activity)
            {
                context.Response.Headers[TracingOptions.TraceIdHeader] = activity.TraceId.ToHexString();
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
