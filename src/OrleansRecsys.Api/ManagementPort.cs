using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Api;

/// <summary>
/// <c>Recsys:Host:ManagementUrl</c>: when set, the operator's routes (<c>/metrics</c>, <c>/health/*</c>) answer only on its
/// port and that port answers nothing else, so the public port can face callers while scrapes and probes stay inside.
/// </summary>
public static class ManagementPort
{
    public const string Key = "Recsys:Host:ManagementUrl";

    /// <summary>Marks a route as a management route (see <see cref="UseManagementPort"/>).</summary>
    public static TBuilder OnManagementPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ManagementEndpointMetadata.Instance);

    /// <summary>
    /// Answers 404 to a management route on any other port and to any other route on the management port. The port is
    /// the one the connection arrived on, not the <c>Host</c> header, which the caller chooses.
    /// </summary>
    public static void UseManagementPort(this WebApplication app)
    {
        if (ListenPort.From(app.Configuration, Key) is not { } port)
        {
            return;
        }

        app.Use((context, next) =>
        {
            var managementRoute = context.GetEndpoint()?.Metadata.GetMetadata<ManagementEndpointMetadata>() is not null;
            if (managementRoute != (context.Connection.LocalPort == port))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }
}
