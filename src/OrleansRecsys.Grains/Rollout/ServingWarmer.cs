using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// Warms a silo at start without waiting for a readiness probe: runs <see cref="ServingModelsHealthCheck"/> every second
/// until it passes (the silo has joined, the plans are cached, every routed version and the request path are warm), then
/// stops; later plan revisions are warmed by the plan cache before it adopts them.
/// </summary>
internal sealed class ServingWarmer(ServingModelsHealthCheck check, ILogger<ServingWarmer> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(ServingModelsHealthCheck.Name, check, null, null) };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await check.CheckHealthAsync(context, stoppingToken);
                if (result.Status == HealthStatus.Healthy)
                {
                    logger.LogInformation("Serving is warm: every routed model version and the request path");
                    return;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Until the silo has joined the cluster, grain calls fail; the next round retries.
                logger.LogDebug(ex, "Warming serving failed; retrying");
            }

            await Task.Delay(Every, stoppingToken);
        }
    }
}
