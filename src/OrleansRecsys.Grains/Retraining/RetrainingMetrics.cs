using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansRecsys.Grains.Retraining;

/// <summary>
/// The autopilot's instruments (meter <c>OrleansRecsys</c>): <c>recsys_retraining_runs_total{model,outcome}</c>,
/// <c>recsys_retraining_step_seconds{model,step}</c>, <c>recsys_retraining_last_success_timestamp_seconds{model}</c> and
/// <c>recsys_retraining_active{model}</c>. The gauges are those of the autopilots active in this silo (each model's
/// autopilot lives in one silo at a time).
/// </summary>
public sealed class RetrainingMetrics : IDisposable
{
    /// <summary>The step duration histogram's instrument name (exported as <c>recsys_retraining_step_seconds</c>).</summary>
    public const string StepDurationName = "recsys_retraining_step";

    /// <summary>Bucket boundaries of <c>recsys_retraining_step_seconds</c>: a second (registering) to a day (a long soak).</summary>
    public static readonly IReadOnlyList<double> StepDurationBuckets = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

    private readonly Meter _meter = new(RecsysMetrics.MeterName);
    private readonly ConcurrentDictionary<string, double> _lastSuccess = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _active = new(StringComparer.Ordinal);
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _steps;

    public RetrainingMetrics()
    {
        _runs = _meter.CreateCounter<long>("recsys_retraining_runs", "{run}", "Retraining runs finished, by model and outcome (promoted, rolled_back, gated_out, failed)");
        _steps = _meter.CreateHistogram<double>(StepDurationName, "s", "Duration of each step of a retraining run, by model and step");
        _meter.CreateObservableGauge("recsys_retraining_last_success_timestamp", ObserveLastSuccess, "s",
            "Unix time of the last retraining run that promoted its candidate, by model");
        _meter.CreateObservableGauge("recsys_retraining_active", ObserveActive, null, "1 while a retraining run of the model is in progress, else 0");
    }

    public void RunFinished(string model, string outcome) => _runs.Add(1, new TagList { { "model", model }, { "outcome", outcome } });

    public void StepDone(string model, string step, TimeSpan duration) =>
        _steps.Record(Math.Max(0, duration.TotalSeconds), new TagList { { "model", model }, { "step", step } });

    /// <summary>What this silo's autopilot of <paramref name="model"/> knows: whether a run is in progress and the last success.</summary>
    public void Watch(string model, bool active, DateTimeOffset? lastSuccess)
    {
        _active[model] = active ? 1 : 0;
        if (lastSuccess is { } at)
        {
            _lastSuccess[model] = at.ToUnixTimeMilliseconds() / 1000.0;
        }
    }

    /// <summary>The autopilot left this silo: its gauges go with it, so two silos never both report a model.</summary>
    public void Forget(string model)
    {
        _active.TryRemove(model, out _);
        _lastSuccess.TryRemove(model, out _);
    }

    /// <summary>Every outcome at 0 for the catch-all <c>model="unknown"</c>, so rate() and absent() see the family from the start.</summary>
    public void ExportKnownSeries()
    {
        foreach (var outcome in RetrainingOutcomes.All)
        {
            _runs.Add(0, new TagList { { "model", "unknown" }, { "outcome", outcome } });
        }
    }

    private IEnumerable<Measurement<double>> ObserveLastSuccess() =>
        _lastSuccess.Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>("model", p.Key)));

    private IEnumerable<Measurement<int>> ObserveActive() =>
        _active.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("model", p.Key)));

    public void Dispose() => _meter.Dispose();
}
