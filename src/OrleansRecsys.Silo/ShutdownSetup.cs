using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace OrleansRecsys.Silo;

/// <summary>
/// Bounds a stop by <c>Recsys:Host:ShutdownTimeoutSeconds</c> even when PostgreSQL is down: the host's own timeout,
/// and inside it the Orleans steps that would otherwise wait on the database with their own, longer, defaults.
/// </summary>
internal static class ShutdownSetup
{
    public static IServiceCollection UseRecsysShutdownTimeout(this IServiceCollection services, RecsysHostOptions host)
    {
        var total = TimeSpan.FromSeconds(host.ShutdownTimeoutSeconds);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = total);
        // A grain's deactivation writes its unwritten state; against a stopped database each write fails or hangs, and
        // the default (a minute per step) would hold the stop. Half the budget leaves the rest to leaving membership.
        services.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = total / 2);
        return services;
    }
}
