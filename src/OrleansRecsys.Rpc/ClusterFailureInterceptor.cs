using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// Transient cluster failures (a silo gone, a time-out, storage down) answer UNAVAILABLE naming the cause, never UNKNOWN:
/// the same causes and words as the HTTP API's 503 problems (<see cref="ClusterProblem"/>), so a client retries them and
/// a database that is down does not read as a bug. Anything else stays an error of the server.
/// </summary>
internal sealed class ClusterFailureInterceptor(ILogger<ClusterFailureInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException && ClusterProblem.DetailFor(ex) is { } detail)
        {
            logger.LogWarning("Transient failure on {Method}: {Cause} ({ExceptionType}: {Error})", context.Method, detail, ex.GetType().Name, ex.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, detail));
        }
    }
}
