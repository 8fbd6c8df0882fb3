using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Rpc;

/// <summary>
/// <c>Recsys:Host:GrpcUrl</c>: the one listen URL of the gRPC services (HTTP/2 only: h2c for http://, TLS for https://).
/// gRPC calls answer only on its port and that port answers nothing else, so the HTTP port keeps serving HTTP/1.1 and
/// HTTP/2 callers alike and the gRPC port can be exposed (or not) on its own. Empty turns gRPC off.
/// </summary>
public static class GrpcPort
{
    public const string Key = "Recsys:Host:GrpcUrl";

    /// <summary>
    /// Answers 404 to a gRPC method on any other port and to anything else on the gRPC port. The port is the one the
    /// connection arrived on, not the <c>Host</c> header, which the caller chooses.
    /// </summary>
    public static void UseGrpcPort(this WebApplication app, int port) =>
        app.Use((context, next) =>
        {
            var grpcMethod = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
            if (grpcMethod != (context.Connection.LocalPort == port))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
}
