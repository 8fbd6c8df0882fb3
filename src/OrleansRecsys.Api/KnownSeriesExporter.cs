using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>
/// Exports every <see cref="KnownMetricSeries"/> at 0 when the host starts. It takes the <see cref="MeterProvider"/> first:
/// building it starts the exporter's listener, and a measurement made before that is not seen by it.
/// </summary>
internal sealed class KnownSeriesExporter(MeterProvider provider, RecsysMetrics metrics, IEnumerable<KnownMetricSeries> series) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(provider);
        foreach (var known in series)
        {
            known.Export(metrics);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
