using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Benchmarks;

/// <summary>Collects the silo's own freshness measurements (event time → applied state) while it is alive.</summary>
internal sealed class FreshnessRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _values = [];

    public FreshnessRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && instrument.Name == RecsysMetrics.FreshnessName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (_values)
            {
                _values.Add(value * 1000); // the instrument records seconds; the benchmark reports milliseconds
            }
        });
        _listener.Start();
    }

    public void Clear()
    {
        lock (_values)
        {
            _values.Clear();
        }
    }

    /// <summary>The <paramref name="p"/> quantile in milliseconds of what was recorded since the last clear; NaN with nothing recorded.</summary>
    public double Quantile(double p)
    {
        double[] sorted;
        lock (_values)
        {
            sorted = _values.ToArray();
        }

        Array.Sort(sorted);
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public void Dispose() => _listener.Dispose();
}
