namespace OrleansRecsys.Grains;

/// <summary>
/// Label sets a part of the host knows before any traffic, exported at 0 from the start (the API's hosted service runs
/// each once the metrics pipeline listens). A series that appears only with its first measurement hides that first
/// increment from <c>rate()</c>, and a family missing until then fires <c>absent()</c> alerts on a healthy process.
/// Histograms cannot start this way: the exporter writes a histogram once it holds a measurement.
/// </summary>
public sealed class KnownMetricSeries(Action<RecsysMetrics> export)
{
    /// <summary>Adds 0 to every known series of <paramref name="metrics"/> (a counter's value does not change).</summary>
    public void Export(RecsysMetrics metrics) => export(metrics);
}
