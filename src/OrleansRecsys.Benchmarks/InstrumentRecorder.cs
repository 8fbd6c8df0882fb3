using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Benchmarks;

/// <summary>Collects the silo's own measurements of one instrument (a histogram of doubles or ints) while it is alive.</summary>
internal sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _values = [];

    public InstrumentRecorder(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => Add(value));
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Add(value));
        _listener.Start();
    }

    private void Add(double value)
    {
        lock (_values)
        {
            _values.Add(value);
        }
    }

    public void Clear()
    {
        lock (_values)
        {
            _values.Clear();
        }
    }

    public double[] Snapshot()
    {
        lock (_values)
        {
            return _values.ToArray();
        }
    }

    /// <summary>The <paramref name="p"/> quantile of what was recorded since the last clear; NaN with nothing recorded.</summary>
    /// <remarks>By nearest rank, as the silo's own reports compute it.</remarks>
    public double Quantile(double p)
    {
        var values = new List<double>(Snapshot());
        return values.Count == 0 ? double.NaN : ReportMath.Quantile(values, p);
    }

    public void Dispose() => _listener.Dispose();
}
