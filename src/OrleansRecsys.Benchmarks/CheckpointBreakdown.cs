using System.Diagnostics;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Where checkpoint time went during a run, from the silo's own instruments: the whole checkpoint, the wait for its
/// grains' flushes (the slowest included), how many grains each covered, each write statement's time, and the garbage
/// collector's pauses and this process's CPU over the same span.
/// </summary>
internal sealed class CheckpointBreakdown : IDisposable
{
    private readonly InstrumentRecorder _checkpoints = new(RecsysMetrics.CheckpointDurationName);
    private readonly InstrumentRecorder _flushes = new(RecsysMetrics.CheckpointFlushDurationName);
    private readonly InstrumentRecorder _grains = new(RecsysMetrics.CheckpointGrainsName);
    private readonly InstrumentRecorder _statements = new(RecsysMetrics.StateWriteStatementDurationName);
    private readonly InstrumentRecorder _rows = new(RecsysMetrics.StateWriteStatementRowsName);
    private readonly TimeSpan _gcPauseBefore = GC.GetTotalPauseDuration();
    private readonly int _gen2Before = GC.CollectionCount(2);
    private readonly TimeSpan _cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

    public string Report(TimeSpan span)
    {
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuBefore).TotalSeconds / span.TotalSeconds;
        return $"checkpoints {_checkpoints.Snapshot().Length}: p50/p99/max {Ms(_checkpoints, 0.5)}/{Ms(_checkpoints, 0.99)}/{Ms(_checkpoints, 1)} ms; " +
            $"flush wait p50/p99 {Ms(_flushes, 0.5)}/{Ms(_flushes, 0.99)} ms; grains per checkpoint p50/p99 {_grains.Quantile(0.5):F0}/{_grains.Quantile(0.99):F0}; " +
            $"statements {_statements.Snapshot().Length}: p50/p99 {Ms(_statements, 0.5)}/{Ms(_statements, 0.99)} ms, rows p50 {_rows.Quantile(0.5):F0}; " +
            $"GC pauses {(GC.GetTotalPauseDuration() - _gcPauseBefore).TotalMilliseconds:F0} ms, gen2 {GC.CollectionCount(2) - _gen2Before}; " +
            $"this process used {cpu:F2} cores";
    }

    private static string Ms(InstrumentRecorder recorder, double p) => (recorder.Quantile(p) * 1000).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _checkpoints.Dispose();
        _flushes.Dispose();
        _grains.Dispose();
        _statements.Dispose();
        _rows.Dispose();
    }
}
