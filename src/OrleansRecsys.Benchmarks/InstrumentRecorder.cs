using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;

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
    public double Quantile(double p)
    {
        var sorted = Snapshot();
        Array.Sort(sorted);
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public void Dispose() => _listener.Dispose();
}
