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

/// <summary>What the prediction log needs besides the response.</summary>
public sealed record RankRequestContext(string UserId, long AsOfMs, string[] FeatureNames);

public sealed class NullPredictionSink : IPredictionSink
{
    public void Log(RankRequestContext context, RankResponse response)
    {
    }
}

/// <summary>Per-version request outcomes of this silo, reported to each model's coordinator every second (guardrails).</summary>
public sealed class VariantStatsCollector(IGrainFactory grains, ILogger<VariantStatsCollector> logger) : BackgroundService
{
    private const int MaxLatencySamples = 2048;

    private sealed class Acc
    {
        public long Requests, Errors, Fallbacks;
        public readonly List<double> Latencies = [];
    }

    private readonly ConcurrentDictionary<(string Model, string Version), Acc> _acc = new();

    public void Record(string model, string? version, double latencyMs, bool error, bool fallback)
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
            if (acc.Latencies.Count < MaxLatencySamples)
            {
                acc.Latencies.Add(latencyMs);
            }
        }
    }

    public async Task FlushAsync()
    {
        var byModel = new Dictionary<string, List<VariantStats>>(StringComparer.Ordinal);
        foreach (var (key, acc) in _acc)
        {
            VariantStats stats;
            lock (acc)
            {
                if (acc.Requests == 0)
                {
                    continue;
                }

                stats = new VariantStats(key.Version, acc.Requests, acc.Errors, acc.Fallbacks, acc.Latencies.ToArray());
                acc.Requests = acc.Errors = acc.Fallbacks = 0;
                acc.Latencies.Clear();
            }

            if (!byModel.TryGetValue(key.Model, out var list))
            {
                byModel[key.Model] = list = [];
            }

            list.Add(stats);
        }

        foreach (var (model, list) in byModel)
        {
            try
            {
                await grains.GetGrain<IRolloutCoordinatorGrain>(model).ReportAsync(list.ToArray());
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Reporting variant stats of {Model} failed", model);
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
                var result = await _grains.GetGrain<IModelVersionGrain>(ModelSessionCache.Key(model, version))
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
