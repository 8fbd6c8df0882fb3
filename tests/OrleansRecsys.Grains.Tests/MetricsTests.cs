using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests;

/// <summary>What the grid's instruments receive: durations in seconds, and its known series at 0 from the start.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly RecsysMetrics _metrics = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = [];

    public MetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's instruments: other tests' RecsysMetrics share the meter name.
            if (typeof(RecsysMetrics).GetProperties().Any(p => ReferenceEquals(p.GetValue(_metrics), instrument)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string?>();
        foreach (var (key, tag) in tags)
        {
            labels[key] = tag?.ToString();
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, labels));
        }
    }

    [Fact]
    public void Rank_latency_is_recorded_in_seconds()
    {
        var stats = new VariantStatsCollector(null!, Options.Create(new GridOptions()), _metrics, NullLogger<VariantStatsCollector>.Instance);
        var recorder = new RankingRecorder(_metrics, stats, new NullPredictionSink());
        var request = new RankRequest("u", ["i1"], 1, "ranker");
        var response = new RankResponse("r", "ranker", "v1", Variants.Stable, false, null, DateTimeOffset.UtcNow, []);

        recorder.Record(request, response, new RankingOutcome("r", Variants.Stable, "v1", ScoringResult.Scored([1f], [], null, scorerMs: 0.2)), elapsedMs: 1500, logPrediction: false);

        var latency = Assert.Single(_measurements, m => m.Instrument == RecsysMetrics.RankDurationName);
        Assert.Equal(1.5, latency.Value);
    }

    [Fact]
    public void The_grid_exports_every_fallback_reason_and_rollout_action_at_zero()
    {
        GridMetricSeries.Series.Export(_metrics);

        Assert.All(_measurements, m => Assert.Equal(0, m.Value));
        foreach (var reason in FallbackReasons.All)
        {
            Assert.Contains(_measurements, m => m.Instrument == "recsys_rank_fallbacks" && m.Tags["reason"] == reason);
        }

        foreach (var action in RolloutActions.All)
        {
            Assert.Contains(_measurements, m => m.Instrument == "recsys_rollout_changes" && m.Tags["action"] == action);
        }

        foreach (var counter in new[] { "recsys_rank_requests", "recsys_scores", "recsys_shadow_scored", "recsys_shadow_dropped", "recsys_rollout_auto_rollbacks", "recsys_model_sessions" })
        {
            Assert.Contains(_measurements, m => m.Instrument == counter);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }
}
