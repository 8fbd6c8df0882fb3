using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace OrleansRecsys.Silo;

/// <summary>
/// Bounds a stop by <c>Recsys:Host:ShutdownTimeoutSeconds</c> even when PostgreSQL is down: the host's own timeout a
/// second before the budget and, inside it, the Orleans steps that would otherwise wait on the database with their own,
/// longer, defaults; at the budget, <see cref="StopBudget"/> ends the process.
/// </summary>
internal static class ShutdownSetup
{
    /// <summary>What the cooperative steps get to unwind (and log) after the host's token fires, before the process ends.</summary>
    private static readonly TimeSpan UnwindMargin = TimeSpan.FromSeconds(1);

    public static IServiceCollection UseRecsysShutdownTimeout(this IServiceCollection services, RecsysHostOptions host)
    {
        var total = TimeSpan.FromSeconds(host.ShutdownTimeoutSeconds);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = total - UnwindMargin);
        // A grain's deactivation writes its unwritten state; against a stopped database each write fails or hangs, and
        // the default (a minute per step) would hold the stop. Half the budget leaves the rest to leaving membership.
        services.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = total / 2);
        return services;
    }

    /// <summary>Runs the process's host; a stop that outlasts the budget ends the process (<see cref="StopBudget"/>).</summary>
    public static void RunWithStopBudget(this WebApplication app)
    {
        var budget = TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<RecsysHostOptions>>().Value.ShutdownTimeoutSeconds);
        using var stopBudget = new StopBudget(app.Services.GetRequiredService<ILoggerFactory>(), budget);
        stopBudget.Arm(app.Lifetime);
        app.Run();
    }
}
