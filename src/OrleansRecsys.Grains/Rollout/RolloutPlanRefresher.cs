using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>Drives <see cref="RolloutPlanCache.RefreshAsync"/>: a pull every PlanRefreshMs, a re-subscribe every 30 s.</summary>
internal sealed class RolloutPlanRefresher(RolloutPlanCache cache, IOptions<GridOptions> options) : BackgroundService
{
    /// <summary>Coordinators forget observers they have not heard from for 2 minutes; this stays well inside that.</summary>
    private static readonly TimeSpan ResubscribeEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastSubscribe = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PlanRefreshMs));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var resubscribe = DateTime.UtcNow - lastSubscribe > ResubscribeEvery;
            await cache.RefreshAsync(resubscribe);
            if (resubscribe)
            {
                lastSubscribe = DateTime.UtcNow;
            }
        }
    }
}
