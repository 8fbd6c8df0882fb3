using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;

namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// Per-version serving statistics of this silo: what requests tell the guardrails (sent to the model's coordinator)
/// and, for the model's monitor, request outcomes, latencies, impressions plus drift histograms of sampled inputs and scores, binned on the
/// manifest's reference edges. Reported every second.
/// </summary>
internal sealed class VariantStatsCollector : BackgroundService
{
    private const int MaxLatencySamples = 2048;

    /// <summary>What one version served since the last report; guarded by locking the instance.</summary>
    private sealed class VersionCounters
    {
        public long Requests, Errors, Fallbacks, Impressions, CircuitOpen;
        public readonly List<double> Latencies = [];
        public Dictionary<string, long[]>? FeatureBins;
        public long[]? ScoreBins;
        public long VectorRows;

        /// <summary>The version's inputs' data-quality counts (fallbacks among them); made at its first request.</summary>
        public InputQualityTally? Inputs;
        public readonly GuardrailCounters Guardrail = new();
    }

    private readonly IGrainFactory _grains;
    private readonly ILogger<VariantStatsCollector> _logger;
    private readonly double _driftSampleRate;
    private readonly double _stalenessSampleRate;
    private readonly RecsysMetrics _metrics;
    private readonly ConcurrentDictionary<(string Model, string Version), VersionCounters> _counters = new();

    /// <summary>This silo's bins of the drift window per (model, version, feature), for the <c>recsys_drift_psi</c> gauge.</summary>
    private readonly ConcurrentDictionary<(string Model, string Version, string Feature), (long[] Reference, SlidingBins Live)> _driftTotals = new();

    private readonly TimeSpan _driftWindow;

    public VariantStatsCollector(IGrainFactory grains, IOptions<GridOptions> options, RecsysMetrics metrics, ILogger<VariantStatsCollector> logger)
    {
        _grains = grains;
        _logger = logger;
        _driftSampleRate = options.Value.DriftSampleRate;
        _driftWindow = TimeSpan.FromSeconds(options.Value.DriftWindowSeconds);
        _stalenessSampleRate = options.Value.StalenessSampleRate;
        _metrics = metrics;
        metrics.RegisterDrift(ObserveDrift);
    }

    private IEnumerable<Measurement<double>> ObserveDrift()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var ((model, version, feature), (reference, live)) in _driftTotals)
        {
            double psi;
            lock (live)
            {
                psi = ReportMath.Psi(reference, live.Total(now));
            }

            if (double.IsFinite(psi))
            {
                yield return new Measurement<double>(psi, new KeyValuePair<string, object?>("model", model),
                    new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("feature", feature));
            }
        }
    }

    /// <summary>Counts one answered request of a version (requests without a version, for unknown models, are not counted).</summary>
    /// <param name="circuitOpen">The version's open circuit breaker answered (a fallback too).</param>
    public void Record(string model, string? version, double latencyMs, bool error, bool fallback, int impressions = 0, bool circuitOpen = false)
    {
        if (version is null)
        {
            return;
        }

        var counters = _counters.GetOrAdd((model, version), _ => new VersionCounters());
        lock (counters)
        {
            counters.Requests++;
            counters.Errors += error ? 1 : 0;
            counters.Fallbacks += fallback ? 1 : 0;
            counters.Impressions += impressions;
            counters.CircuitOpen += circuitOpen ? 1 : 0;
            if (counters.Latencies.Count < MaxLatencySamples)
            {
                counters.Latencies.Add(latencyMs);
            }
        }
    }

    /// <summary>Counts what one rank request tells the guardrails about its version.</summary>
    public void RecordGuardrail(string model, string version, GuardrailSample sample)
    {
        var counters = _counters.GetOrAdd((model, version), _ => new VersionCounters());
        lock (counters)
        {
            counters.Guardrail.Add(sample);
        }
    }

    /// <summary>
    /// Counts the rows a version was served and, per input, its values of each data-quality kind: <paramref name="counts"/>
    /// holds, for each kind in <see cref="DataQualityKinds.All"/> order, one counter per input (the first two, expired and
    /// missing, are the values served as the fallback).
    /// </summary>
    public void RecordInputs(ModelManifest manifest, int rowCount, ReadOnlySpan<int> counts)
    {
        var width = manifest.Features.Length;
        var counters = _counters.GetOrAdd((manifest.Name, manifest.Version), _ => new VersionCounters());
        lock (counters)
        {
            counters.VectorRows += rowCount;
            (counters.Inputs ??= new InputQualityTally(manifest.Features)).Add(counts[..(DataQualityKinds.All.Length * width)]);
        }

        var expired = counts.Slice(Array.IndexOf(DataQualityKinds.All, DataQualityKinds.Expired) * width, width);
        var missing = counts.Slice(Array.IndexOf(DataQualityKinds.All, DataQualityKinds.Missing) * width, width);
        for (var column = 0; column < width; column++)
        {
            CountFallbacks(manifest.Features[column], expired[column], missing[column]);
        }
    }

    private void CountFallbacks(string feature, int expired, int missing)
    {
        if (expired > 0)
        {
            _metrics.FeatureFallbacks.Add(expired, new KeyValuePair<string, object?>("feature", feature), new KeyValuePair<string, object?>("status", Freshness.Expired));
        }

        if (missing > 0)
        {
            _metrics.FeatureFallbacks.Add(missing, new KeyValuePair<string, object?>("feature", feature), new KeyValuePair<string, object?>("status", Freshness.Missing));
        }
    }

    /// <summary>Whether this request's feature ages go into the staleness histogram.</summary>
    public bool SampleStaleness() => _stalenessSampleRate >= 1 || (_stalenessSampleRate > 0 && Random.Shared.NextDouble() < _stalenessSampleRate);

    /// <summary>Records each value's age (row-major, NaN where missing) under its feature's name.</summary>
    public void RecordStaleness(string[] featureNames, ReadOnlySpan<double> ages)
    {
        for (var i = 0; i < ages.Length; i++)
        {
            if (!double.IsNaN(ages[i]))
            {
                _metrics.FeatureStaleness.Record(ages[i], new KeyValuePair<string, object?>("feature", featureNames[i % featureNames.Length]));
            }
        }
    }

    /// <summary>Bins a sample of scored rows into the manifest's reference histograms (drift on live traffic).</summary>
    public void RecordDrift(ModelManifest manifest, ReadOnlySpan<float> rows, int rowCount, float[] scores)
    {
        if (_driftSampleRate <= 0 || (_driftSampleRate < 1 && Random.Shared.NextDouble() >= _driftSampleRate))
        {
            return;
        }

        var counters = _counters.GetOrAdd((manifest.Name, manifest.Version), _ => new VersionCounters());
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (counters)
        {
            counters.FeatureBins ??= new Dictionary<string, long[]>(StringComparer.Ordinal);
            for (var column = 0; column < manifest.Features.Length; column++)
            {
                BinFeature(manifest, column, rows, rowCount, counters.FeatureBins, now);
            }

            if (manifest.ScoreHistogram is { } scoreReference && scoreReference.Counts.Length == scoreReference.Edges.Length + 1)
            {
                counters.ScoreBins ??= new long[scoreReference.Counts.Length];
                for (var row = 0; row < rowCount; row++)
                {
                    counters.ScoreBins[ReportMath.BinOf(scoreReference.Edges, scores[row])]++;
                }
            }
        }
    }

    /// <summary>Bins one feature column into the report's bins and the silo's drift window.</summary>
    private void BinFeature(ModelManifest manifest, int column, ReadOnlySpan<float> rows, int rowCount, Dictionary<string, long[]> featureBins, long nowMs)
    {
        var feature = manifest.Features[column];
        if (!manifest.ReferenceHistograms.TryGetValue(feature, out var reference) || reference.Counts.Length != reference.Edges.Length + 1)
        {
            return;
        }

        if (!featureBins.TryGetValue(feature, out var bins))
        {
            featureBins[feature] = bins = new long[reference.Counts.Length];
        }

        var width = manifest.Features.Length;
        var key = (manifest.Name, manifest.Version, feature);
        var window = (_driftTotals.TryGetValue(key, out var found)
            ? found
            : _driftTotals.GetOrAdd(key, static (_, state) => (state.Counts, new SlidingBins(state.Counts.Length, state.Window)), (reference.Counts, Window: _driftWindow))).Live;
        // Binned into the report's bins first, then added to the window once: the window's slice is found once per
        // feature rather than once per value.
        Span<long> counted = stackalloc long[bins.Length];
        for (var row = 0; row < rowCount; row++)
        {
            counted[ReportMath.BinOf(reference.Edges, rows[(row * width) + column])]++;
        }

        for (var bin = 0; bin < bins.Length; bin++)
        {
            bins[bin] += counted[bin];
        }

        lock (window)
        {
            window.Add(nowMs, counted);
        }
    }

    /// <summary>Sends what each version served since the last flush to its coordinator (guardrails) and monitor (report).</summary>
    public async Task FlushAsync()
    {
        foreach (var (model, reports) in TakeReportsByModel())
        {
            try
            {
                var requests = reports.Where(x => x.Stats is not null).Select(x => x.Stats!).ToArray();
                if (requests.Length > 0)
                {
                    await _grains.GetGrain<IRolloutCoordinatorGrain>(model).ReportAsync(requests);
                }

                await _grains.GetGrain<IModelMonitorGrain>(model).RecordServingAsync(reports.Select(x => x.Delta).ToArray());
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "Reporting serving stats of {Model} failed", model);
            }
        }
    }

    /// <summary>Takes (and resets) the counters of every version that served something, grouped by model.</summary>
    private Dictionary<string, List<(VariantStats? Stats, VersionServingDelta Delta)>> TakeReportsByModel()
    {
        var byModel = new Dictionary<string, List<(VariantStats? Stats, VersionServingDelta Delta)>>(StringComparer.Ordinal);
        foreach (var (key, counters) in _counters)
        {
            if (Take(key.Model, key.Version, counters) is not { } report)
            {
                continue;
            }

            if (!byModel.TryGetValue(key.Model, out var list))
            {
                byModel[key.Model] = list = [];
            }

            list.Add(report);
        }

        return byModel;
    }

    private (VariantStats? Stats, VersionServingDelta Delta)? Take(string model, string version, VersionCounters counters)
    {
        lock (counters)
        {
            var stats = counters.Guardrail.Take(version);
            if (counters.Requests == 0 && counters.FeatureBins is null && stats is null && counters.VectorRows == 0)
            {
                return null;
            }

            CountDataQuality(model, counters);
            var (fallbacks, quality) = counters.Inputs?.Take() ?? default;
            var latencies = counters.Latencies.ToArray();
            var delta = new VersionServingDelta(version, counters.Requests, counters.Errors, counters.Fallbacks, latencies, counters.Impressions,
                counters.FeatureBins ?? [], counters.ScoreBins, counters.CircuitOpen, counters.VectorRows, fallbacks, quality);
            counters.Requests = counters.Errors = counters.Fallbacks = counters.Impressions = counters.CircuitOpen = 0;
            counters.Latencies.Clear();
            counters.FeatureBins = null;
            counters.ScoreBins = null;
            counters.VectorRows = 0;
            return (stats, delta);
        }
    }

    /// <summary>Adds what a version's inputs were served since the last report to the data-quality families: once a second
    /// per version rather than on every request, which keeps the rank path free of it.</summary>
    private void CountDataQuality(string model, VersionCounters counters)
    {
        if (counters.VectorRows > 0)
        {
            _metrics.DataQualityRows.Add(counters.VectorRows, new KeyValuePair<string, object?>("model", model));
        }

        if (counters.Inputs is not { } inputs)
        {
            return;
        }

        for (var kind = 0; kind < DataQualityKinds.All.Length; kind++)
        {
            for (var column = 0; column < inputs.Features.Length; column++)
            {
                if (inputs.Count(kind, column) is var count and > 0)
                {
                    _metrics.DataQualityValues.Add(count, new KeyValuePair<string, object?>("model", model),
                        new KeyValuePair<string, object?>("feature", inputs.Features[column]), new KeyValuePair<string, object?>("kind", DataQualityKinds.All[kind]));
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync();
        }
    }
}
