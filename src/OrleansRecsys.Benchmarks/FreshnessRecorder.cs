using OrleansRecsys.Grains;

namespace OrleansRecsys.Benchmarks;

/// <summary>Collects the silo's own freshness measurements (event time → applied state) while it is alive.</summary>
internal sealed class FreshnessRecorder : IDisposable
{
    private readonly InstrumentRecorder _seconds = new(RecsysMetrics.FreshnessName);

    public void Clear() => _seconds.Clear();

    /// <summary>The <paramref name="p"/> quantile in milliseconds of what was recorded since the last clear; NaN with nothing recorded.</summary>
    /// <remarks>The instrument records seconds; the benchmark reports milliseconds.</remarks>
    public double Quantile(double p) => _seconds.Quantile(p) * 1000;

    public void Dispose() => _seconds.Dispose();
}
