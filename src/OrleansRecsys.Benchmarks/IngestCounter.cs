using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Events applied to grain state and replays skipped by watermark since this was made, summed from the
/// <c>recsys_ingest_applied</c> and <c>recsys_ingest_duplicates</c> counters of every grid in this process (a
/// benchmark runs one), so the load is measured by what the silo exports, as a dashboard would read it.
/// </summary>
internal sealed class IngestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _applied;
    private long _duplicates;

    public IngestCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name is "recsys_ingest_applied" or "recsys_ingest_duplicates")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "recsys_ingest_applied")
            {
                Interlocked.Add(ref _applied, value);
            }
            else
            {
                Interlocked.Add(ref _duplicates, value);
            }
        });
        _listener.Start();
    }

    public long Applied => Interlocked.Read(ref _applied);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public void Dispose() => _listener.Dispose();
}
