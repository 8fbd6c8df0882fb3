using System.Diagnostics.Metrics;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// What the process did during one overload step, to tell where an admitted request's time went and what holds memory:
/// the silo's own view of its successful rank requests (ASP.NET Core's request duration, from the parsed request to the
/// written answer, so the rest of a caller's latency is the socket, the thread pool before parsing and the tool itself),
/// the deepest the thread pool's queue got, the most connections Kestrel held, the GC's pauses and full collections,
/// and the heap that stayed live after a full collection once the step had drained.
/// </summary>
internal sealed class StepProbe : IDisposable
{
    private const int MaxDurations = 1 << 20;

    private readonly MeterListener _listener = new();
    private readonly double[] _serverMs = new double[MaxDurations];
    private readonly Thread _sampler;
    private readonly TimeSpan _pauseBefore = GC.GetTotalPauseDuration();
    private readonly int _gen2Before = GC.CollectionCount(2);
    private volatile bool _stopped;
    private int _durations;
    private long _connections;
    private long _predictionsSettled;

    public StepProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Hosting", Name: "http.server.request.duration" }
                or { Meter.Name: "Microsoft.AspNetCore.Server.Kestrel", Name: "kestrel.active_connections" }
                or { Meter.Name: RecsysMetrics.MeterName, Name: "recsys_predictions_logged" or "recsys_predictions_dropped" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDuration);
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.Start();
        _sampler = new Thread(Sample) { IsBackground = true, Name = "overload probe" };
        _sampler.Start();
    }

    public long PeakThreadPoolQueue { get; private set; }
    public long PeakThreads { get; private set; }
    public long PeakConnections { get; private set; }

    /// <summary>Stops sampling and reads the step's figures (the live heap is measured by the caller, once its samples are dropped).</summary>
    public StepFigures Finish()
    {
        _stopped = true;
        _sampler.Join();
        _listener.Dispose();
        var count = Math.Min(Volatile.Read(ref _durations), MaxDurations);
        var server = _serverMs.AsSpan(0, count).ToArray();
        return new StepFigures(OutcomeRecorder.Quantile(server, 0.5), OutcomeRecorder.Quantile(server, 0.99), PeakThreadPoolQueue, PeakThreads,
            PeakConnections, (GC.GetTotalPauseDuration() - _pauseBefore).TotalMilliseconds, GC.CollectionCount(2) - _gen2Before,
            count - Interlocked.Read(ref _predictionsSettled));
    }

    /// <summary>The figures of one step.</summary>
    /// <param name="PredictionLogBehind">Successful ranks of the step less prediction records written or dropped meanwhile:
    /// roughly how far the log's queue grew (each record holds its scored rows until written).</param>
    public sealed record StepFigures(double ServerP50Ms, double ServerP99Ms, long PeakThreadPoolQueue, long PeakThreads, long PeakConnections, double GcPauseMs,
        int FullGcs, long PredictionLogBehind);

    private void OnDuration(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? route = null;
        var status = 0;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.route": route = tag.Value as string; break;
                case "http.response.status_code": status = Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }

        if (route == "/v1/rank" && status == 200 && Interlocked.Increment(ref _durations) - 1 is var slot && slot < MaxDurations)
        {
            _serverMs[slot] = seconds * 1000;
        }
    }

    private void OnCount(Instrument instrument, long delta, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Meter.Name == RecsysMetrics.MeterName)
        {
            Interlocked.Add(ref _predictionsSettled, delta); // written to the log or dropped: either way no longer queued
        }
        else
        {
            PeakConnections = Math.Max(PeakConnections, Interlocked.Add(ref _connections, delta));
        }
    }

    private void Sample()
    {
        while (!_stopped)
        {
            PeakThreadPoolQueue = Math.Max(PeakThreadPoolQueue, ThreadPool.PendingWorkItemCount);
            PeakThreads = Math.Max(PeakThreads, ThreadPool.ThreadCount);
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
    }
}
