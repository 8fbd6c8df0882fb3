using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

public static class RpcServiceCollectionExtensions
{
    /// <summary>gRPC services shared by the silo and the gateway; they need the HTTP API's services (<c>AddRecsysApi</c>):
    /// auth, rate limits, readiness and the serving path.</summary>
    public static IServiceCollection AddRecsysGrpc(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ClusterFailureInterceptor>();
            // The HTTP API's body limit: a request either door accepts, the other accepts too.
            options.MaxReceiveMessageSize = (int)Problems.MaxBodyBytes;
            options.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        return services;
    }

    /// <summary>
    /// Maps <c>recsys.v1.Serving</c>, <c>recsys.v1.Features</c>, <c>recsys.v1.Ingest</c>, <c>grpc.health.v1.Health</c> and server reflection on the
    /// <see cref="GrpcPort"/>, after <c>MapRecsysApi</c> (whose authentication, authorization and rate limits they pass
    /// through). Nothing is mapped when <c>Recsys:Host:GrpcUrl</c> is empty.
    /// </summary>
    public static WebApplication MapRecsysGrpc(this WebApplication app)
    {
        if (ListenPort.From(app.Configuration, GrpcPort.Key) is not { } port)
        {
            return app;
        }

        app.UseGrpcPort(port);
        app.MapGrpcService<ServingService>();
        app.MapGrpcService<FeaturesService>();
        app.MapGrpcService<IngestService>();
        // Probes carry no token; the reflection answer describes the contract only, as the OpenAPI document does.
        app.MapGrpcService<ReadinessHealthService>().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
