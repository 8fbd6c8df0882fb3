using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Grains;

/// <summary>Where ranked responses are logged (the Kafka <c>recsys.predictions</c> topic in a silo).</summary>
public interface IPredictionSink
{
    void Log(RankRequestContext context, RankResponse response);
}

/// <summary>What the prediction log needs besides the response: the user, the read time, and the scored rows (candidates × features).</summary>
public sealed record RankRequestContext(string UserId, long AsOfMs, string[] FeatureNames, string[] Candidates, float[]? Rows);

public sealed class NullPredictionSink : IPredictionSink
{
    public void Log(RankRequestContext context, RankResponse response)
    {
    }
}

/// <summary>
/// Per-version serving statistics of this silo: request outcomes (sent to the model's coordinator for guardrails)
/// and, for the model's monitor, impressions plus drift histograms of sampled inputs and scores, binned on the
/// manifest's reference edges. Reported every second.
/// </summary>
public sealed class VariantStatsCollector : BackgroundService
{
    private const int MaxLatencySamples = 2048;

    private readonly IGrainFactory grains;
    private readonly ILogger<VariantStatsCollector> logger;

    /// <summary>Cumulative bins of this silo per (model, version, feature), for the <c>recsys_drift_psi</c> gauge.</summary>
    private readonly ConcurrentDictionary<(string Model, string Version, string Feature), (long[] Reference, long[] Live)> _driftTotals = new();

    public VariantStatsCollector(IGrainFactory grains, IOptions<GridOptions> options, RecsysMetrics metrics, ILogger<VariantStatsCollector> logger)
    {
        this.grains = grains;
        this.logger = logger;
        _driftSampleRate = options.Value.DriftSampleRate;
        metrics.RegisterDrift(ObserveDrift);
    }

    private IEnumerable<System.Diagnostics.Metrics.Measurement<double>> ObserveDrift()
    {
        foreach (var ((model, version, feature), (reference, live)) in _driftTotals)
        {
            double psi;
            lock (live)
            {
                psi = ReportMath.Psi(reference, live);
            }

            if (double.IsFinite(psi))
            {
                yield return new System.Diagnostics.Metrics.Measurement<double>(psi, new KeyValuePair<string, object?>("model", model),
                    new KeyValuePair<string, object?>("version", version), new KeyValuePair<string, object?>("feature", feature));
            }
        }
    }

    private sealed class Acc
    {
        public long Requests, Errors, Fallbacks, Impressions;
        public readonly List<double> Latencies = [];
        public Dictionary<string, long[]>? FeatureBins;
        public long[]? ScoreBins;
    }

    private readonly ConcurrentDictionary<(string Model, string Version), Acc> _acc = new();
    private readonly double _driftSampleRate;

    public void Record(string model, string? version, double latencyMs, bool error, bool fallback, int impressions = 0)
    {
        if (version is null)
        {
            return;
        }

        var acc = _acc.GetOrAdd((model, version), _ => new Acc());
        lock (acc)
        {
            acc.Requests++;
            acc.Errors += error ? 1 : 0;
            acc.Fallbacks += fallback ? 1 : 0;
            acc.Impressions += impressions;
            if (acc.Latencies.Count < MaxLatencySamples)
            {
                acc.Latencies.Add(latencyMs);
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

        var width = manifest.Features.Length;
        var acc = _acc.GetOrAdd((manifest.Name, manifest.Version), _ => new Acc());
        lock (acc)
        {
            acc.FeatureBins ??= new Dictionary<string, long[]>(StringComparer.Ordinal);
            for (var j = 0; j < width; j++)
            {
                if (!manifest.ReferenceHistograms.TryGetValue(manifest.Features[j], out var reference) || reference.Counts.Length != reference.Edges.Length + 1)
                {
                    continue;
                }

                if (!acc.FeatureBins.TryGetValue(manifest.Features[j], out var bins))
                {
                    acc.FeatureBins[manifest.Features[j]] = bins = new long[reference.Counts.Length];
                }

                var totals = _driftTotals.GetOrAdd((manifest.Name, manifest.Version, manifest.Features[j]), _ => (reference.Counts, new long[reference.Counts.Length])).Live;
                lock (totals)
                {
                    for (var i = 0; i < rowCount; i++)
                    {
                        var bin = ReportMath.BinOf(reference.Edges, rows[(i * width) + j]);
                        bins[bin]++;
                        totals[bin]++;
                    }
                }
            }

            if (manifest.ScoreHistogram is { } scoreReference && scoreReference.Counts.Length == scoreReference.Edges.Length + 1)
            {
                acc.ScoreBins ??= new long[scoreReference.Counts.Length];
                for (var i = 0; i < rowCount; i++)
                {
                    acc.ScoreBins[ReportMath.BinOf(scoreReference.Edges, scores[i])]++;
                }
            }
        }
    }

    public async Task FlushAsync()
    {
        var byModel = new Dictionary<string, List<(VariantStats Stats, VersionServingDelta Delta)>>(StringComparer.Ordinal);
        foreach (var (key, acc) in _acc)
        {
            VariantStats stats;
            VersionServingDelta delta;
            lock (acc)
            {
                if (acc.Requests == 0 && acc.FeatureBins is null)
                {
                    continue;
                }

                var latencies = acc.Latencies.ToArray();
                stats = new VariantStats(key.Version, acc.Requests, acc.Errors, acc.Fallbacks, latencies);
                delta = new VersionServingDelta(key.Version, acc.Requests, acc.Errors, acc.Fallbacks, latencies, acc.Impressions,
                    acc.FeatureBins ?? [], acc.ScoreBins);
                acc.Requests = acc.Errors = acc.Fallbacks = acc.Impressions = 0;
                acc.Latencies.Clear();
                acc.FeatureBins = null;
                acc.ScoreBins = null;
            }

            if (!byModel.TryGetValue(key.Model, out var list))
            {
                byModel[key.Model] = list = [];
            }

            list.Add((stats, delta));
        }

        foreach (var (model, list) in byModel)
        {
            try
            {
                var requests = list.Where(x => x.Stats.Requests > 0).Select(x => x.Stats).ToArray();
                if (requests.Length > 0)
                {
                    await grains.GetGrain<IRolloutCoordinatorGrain>(model).ReportAsync(requests);
                }

                await grains.GetGrain<IModelMonitorGrain>(model).RecordServingAsync(list.Select(x => x.Delta).ToArray());
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Reporting serving stats of {Model} failed", model);
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

/// <summary>Scores shadow versions off the response path: a bounded queue, dropped and counted under overload.</summary>
public sealed class ShadowScorer : BackgroundService
{
    private readonly Channel<(string Model, string Version, float[] Rows, int Count)> _queue;
    private readonly IGrainFactory _grains;
    private readonly RecsysMetrics _metrics;

    public ShadowScorer(IGrainFactory grains, RecsysMetrics metrics, IOptions<GridOptions> options)
    {
        _grains = grains;
        _metrics = metrics;
        _queue = Channel.CreateBounded<(string, string, float[], int)>(new BoundedChannelOptions(options.Value.ShadowQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    public void Enqueue(string model, string version, ReadOnlySpan<float> rows, int count)
    {
        if (!_queue.Writer.TryWrite((model, version, rows.ToArray(), count)))
        {
            _metrics.ShadowDropped.Add(1, new KeyValuePair<string, object?>("model", model));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (model, version, rows, count) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var result = await _grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(model, version).ToString())
                    .ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(rows), count);
                _metrics.ShadowScored.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("version", version),
                    new KeyValuePair<string, object?>("outcome", result.Scores is null ? "error" : "ok"));
            }
            catch (Exception)
            {
                _metrics.ShadowScored.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("version", version),
                    new KeyValuePair<string, object?>("outcome", "error"));
            }
        }
    }
}
