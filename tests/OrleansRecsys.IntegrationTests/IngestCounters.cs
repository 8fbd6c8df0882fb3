using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// What each host adds to its <c>recsys_ingest_applied</c> and <c>recsys_ingest_duplicates</c> counters from the
/// moment this is made, read as the metrics exporter reads them. Every host's <see cref="RecsysMetrics"/> owns a meter
/// of its own, so each counter instrument belongs to one host and other hosts in this process do not count.
/// </summary>
internal sealed class IngestCounters : IDisposable
{
    private const string Applied = "recsys_ingest_applied";
    private const string Duplicates = "recsys_ingest_duplicates";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, long> _totals = new();

    public IngestCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name is Applied or Duplicates)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument, value, (_, total) => total + value));
        _listener.Start();
    }

    /// <summary>Events <paramref name="host"/> applied to grain state since this was made.</summary>
    public long AppliedBy(GridHost host) => _totals.GetValueOrDefault(host.Services.GetRequiredService<RecsysMetrics>().EventsApplied);

    /// <summary>Replayed events <paramref name="host"/> skipped by watermark since this was made.</summary>
    public long DuplicatesSkippedBy(GridHost host) => _totals.GetValueOrDefault(host.Services.GetRequiredService<RecsysMetrics>().EventsDuplicate);

    public void Dispose() => _listener.Dispose();
}
