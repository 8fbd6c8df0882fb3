using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// Wakes the autopilot of every model with a configured policy when a silo starts, so it registers its reminder and
/// starts watching without anyone calling it (every silo does this; the call is idempotent). Policies set through the
/// API need no waking: their reminders are already registered.
/// </summary>
internal sealed class RetrainingStarter(IGrainFactory grains, IOptions<RetrainingOptions> options, ILogger<RetrainingStarter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var model in options.Value.Models.Keys)
        {
            try
            {
                await grains.GetGrain<IRetrainingGrain>(model).EnsureAsync();
            }
            catch (Exception ex)
            {
                // The reminder of an earlier start may still tick; otherwise a PUT of the policy wakes it.
                logger.LogWarning(ex, "The retraining autopilot of {Model} could not be woken at start", model);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
