using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Serving;

/// <summary>Scores shadow versions off the response path: a bounded queue, dropped and counted under overload.</summary>
internal sealed class ShadowScorer : BackgroundService
{
    /// <summary>The <c>outcome</c> label of <c>recsys_shadow_scored_total</c>.</summary>
    public const string Scored = "ok";

    /// <summary>The <c>outcome</c> label of a shadow scoring that failed.</summary>
    public const string Failed = "error";

    private readonly record struct ShadowWork(string Model, string Version, float[] Rows, int RowCount);

    private readonly Channel<ShadowWork> _queue;
    private readonly IGrainFactory _grains;
    private readonly RecsysMetrics _metrics;

    public ShadowScorer(IGrainFactory grains, RecsysMetrics metrics, IOptions<GridOptions> options)
    {
        _grains = grains;
        _metrics = metrics;
        _queue = Channel.CreateBounded<ShadowWork>(new BoundedChannelOptions(options.Value.ShadowQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>Queues a copy of the rows (the caller's buffer is pooled); drops the work when the queue is full.</summary>
    public void Enqueue(string model, string version, ReadOnlySpan<float> rows, int rowCount)
    {
        if (!_queue.Writer.TryWrite(new ShadowWork(model, version, rows.ToArray(), rowCount)))
        {
            _metrics.ShadowDropped.Add(1, new KeyValuePair<string, object?>("model", model));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var outcome = await ScoreAsync(work);
            _metrics.ShadowScored.Add(1, new KeyValuePair<string, object?>("model", work.Model), new KeyValuePair<string, object?>("version", work.Version),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<string> ScoreAsync(ShadowWork work)
    {
        try
        {
            var result = await _grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(work.Model, work.Version).ToString())
                .ScoreAsync(new Immutable<float[]>(work.Rows), work.RowCount);
            return result.Scores is null ? Failed : Scored;
        }
        catch (Exception)
        {
            // A shadow failure never reaches a caller; it is only counted.
            return Failed;
        }
    }
}
