using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Running totals of some of the silo's long counters (<see cref="RecsysMetrics.MeterName"/>), summed over every grid in
/// this process (a benchmark runs one) since this was made, so a benchmark measures by what the silo exports, as a
/// dashboard would read it, rather than by counting on its own side.
/// </summary>
internal sealed class CounterTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string[] _names;
    private readonly long[] _totals;

    public CounterTotals(params string[] counterNames)
    {
        _names = counterNames;
        _totals = new long[counterNames.Length];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RecsysMetrics.MeterName && Array.IndexOf(_names, instrument.Name) >= 0)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref _totals[Array.IndexOf(_names, instrument.Name)], value));
        _listener.Start();
    }

    /// <summary>The total of <paramref name="counterName"/>, one of the names this was made with.</summary>
    public long this[string counterName] => Interlocked.Read(ref _totals[IndexOf(counterName)]);

    public void Dispose() => _listener.Dispose();

    private int IndexOf(string counterName)
    {
        var index = Array.IndexOf(_names, counterName);
        return index >= 0 ? index : throw new ArgumentException($"'{counterName}' is not one of the counters totalled here", nameof(counterName));
    }
}
