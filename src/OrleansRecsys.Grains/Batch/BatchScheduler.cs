using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Batch;

/// <summary>
/// At silo start, sets up the configured batch schedule (<see cref="BatchScheduleOptions"/>) on the model's coordinator,
/// retrying every second until the silo has joined the cluster. Every silo does this; the coordinator leaves a matching
/// reminder alone, so restarts neither duplicate the schedule nor move its next tick. The reminder itself is durable
/// (PostgreSQL), so the schedule keeps running while silos come and go; a schedule removed from the configuration is
/// dropped at its next tick.
/// </summary>
internal sealed class BatchScheduler(IGrainFactory grains, IOptions<BatchScheduleOptions> options, ILogger<BatchScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalSeconds == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IBatchProgressGrain>(options.Value.Model).EnsureScheduleAsync();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Until the silo has joined the cluster, grain calls fail; the next round retries.
                logger.LogDebug(ex, "Setting up the batch schedule failed; retrying");
            }

            await Task.Delay(RetryEvery, stoppingToken);
        }
    }
}
