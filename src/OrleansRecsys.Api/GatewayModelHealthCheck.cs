using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansRecsys.Api;

/// <summary>
/// Readiness of a gateway's models: the default model has a stable version that loads on the silo answering. A gateway
/// holds no sessions (silos rank), so this is the most it can know; each silo's own readiness covers warm-up.
/// A probe answers within <see cref="Wait"/> with the cause: a grain call to a dead silo would otherwise hold it for
/// the cluster's response timeout (30 s), longer than orchestrators wait for a probe.
/// </summary>
internal sealed class GatewayModelHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "models";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CheckStableVersionAsync().WaitAsync(Wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"'{ModelNames.Default}': the grid did not answer within {Wait.TotalSeconds:F0} s");
        }
        catch (Exception ex) when (ex is OrleansException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"'{ModelNames.Default}': the grid failed the check ({ex.GetType().Name})");
        }
    }

    private async Task<HealthCheckResult> CheckStableVersionAsync()
    {
        var plan = await grains.GetGrain<IRolloutCoordinatorGrain>(ModelNames.Default).GetPlanAsync();
        if (plan?.Stable is null)
        {
            return HealthCheckResult.Unhealthy($"'{ModelNames.Default}' has no stable version");
        }

        var key = new ModelVersionKey(ModelNames.Default, plan.Stable);
        var health = await grains.GetGrain<IModelVersionGrain>(key.ToString()).GetHealthErrorAsync();
        return health is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{key}: failing: {health}");
    }
}
