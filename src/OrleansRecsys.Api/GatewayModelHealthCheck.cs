using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansRecsys.Api;

/// <summary>
/// Readiness of a gateway's models: the default model has a stable version that loads on the silo answering. A gateway
/// holds no sessions (silos rank), so this is the most it can know; each silo's own readiness covers warm-up.
/// </summary>
internal sealed class GatewayModelHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string Name = "models";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
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
