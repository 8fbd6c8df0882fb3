using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains.Models;

/// <summary>Unloads this silo's ONNX sessions of retired versions every RetiredSweepSeconds.</summary>
internal sealed class RetiredSessionSweeper(ModelSessionCache sessions, IOptions<GridOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RetiredSweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await sessions.SweepAsync();
        }
    }
}
