using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Authorization;
using OrleansRecsys.Api;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace OrleansRecsys.Rpc;

/// <summary>
/// The standard <c>grpc.health.v1.Health</c> service, answered by the same readiness check as <c>/health/ready</c>
/// (<see cref="ReadinessCheck"/>: storage, Kafka, partitions, warm models): SERVING when ready, NOT_SERVING otherwise, for
/// the whole server (<c>""</c>) and for each <c>recsys.v1</c> service. Anonymous, as probes carry no token; the check is
/// computed at most once a second however many probes ask.
/// </summary>
[AllowAnonymous]
internal sealed class ReadinessHealthService(ReadinessCheck readiness) : Health.HealthBase
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private static readonly HashSet<string> Services = new(StringComparer.Ordinal)
    {
        "",
        V1.Serving.Descriptor.FullName,
        V1.Features.Descriptor.FullName,
    };

    public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!Services.Contains(request.Service))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"this server has no service '{request.Service}'"));
        }

        return new HealthCheckResponse { Status = await StatusAsync() };
    }

    /// <summary>Sends the status now and again whenever it changes, until the caller goes; an unknown service is
    /// SERVICE_UNKNOWN, as the health protocol asks of Watch.</summary>
    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ServingStatus? sent = null;
        try
        {
            while (!context.CancellationToken.IsCancellationRequested)
            {
                var status = Services.Contains(request.Service) ? await StatusAsync() : ServingStatus.ServiceUnknown;
                if (status != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status });
                    sent = status;
                }

                await Task.Delay(WatchInterval, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The caller stopped watching.
        }
    }

    private async Task<ServingStatus> StatusAsync() =>
        (await readiness.CheckAsync()).Status == "ready" ? ServingStatus.Serving : ServingStatus.NotServing;
}
