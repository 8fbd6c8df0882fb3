using System.Diagnostics;

namespace OrleansRecsys.Inference;

/// <summary>
/// Micro-batching for one session: concurrent score calls that arrive within a bounded wait are merged into one
/// ONNX Runtime run and the scores are split back. The first caller of a window leads: it waits up to
/// <see cref="MaxWait"/> (or until <see cref="MaxRows"/> rows are queued), runs the merged batch and completes the
/// others. With no concurrent callers a call pays at most the wait.
/// <para>
/// The batch is one run of the version's <see cref="ScoringInstances"/>: the instance count bounds runs, not callers. A
/// batch that waits for an instance runs only the calls whose deadline has not passed by the time it gets one; the others
/// end with a <see cref="TimeoutException"/> and never reach the session.
/// </para>
/// </summary>
public sealed class CoalescingScorer(OnnxScorer scorer, TimeSpan maxWait, int maxRows = 4096, ScoringInstances? instances = null)
{
    private sealed record Pending(float[] Rows, int Count, long Deadline, TaskCompletionSource<float[]> Done);

    private readonly object _gate = new();
    private readonly ScoringInstances _instances = instances ?? new ScoringInstances(Environment.ProcessorCount);
    private List<Pending> _queue = [];
    private int _queuedRows;
    private bool _leading;

    public TimeSpan MaxWait { get; } = maxWait;
    public int MaxRows { get; } = maxRows;

    public long Runs;
    public long Calls;

    /// <param name="deadline">When the caller stops waiting (<see cref="ScoringInstances.DeadlineAfter"/>): past it the
    /// call is not run.</param>
    public Task<float[]> ScoreAsync(float[] rows, int count, long deadline = ScoringInstances.NoDeadline)
    {
        var pending = new Pending(rows, count, deadline, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_gate)
        {
            _queue.Add(pending);
            _queuedRows += count;
            lead = !_leading;
            _leading = true;
        }

        Interlocked.Increment(ref Calls);
        if (lead)
        {
            Lead();
        }

        return pending.Done.Task;
    }

    private void Lead()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(MaxWait.TotalSeconds * Stopwatch.Frequency);
        var spin = new SpinWait();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            lock (_gate)
            {
                if (_queuedRows >= MaxRows)
                {
                    break;
                }
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        List<Pending> batch;
        lock (_gate)
        {
            batch = _queue;
            _queue = [];
            _queuedRows = 0;
            _leading = false;
        }

        var run = _instances.RunAsync(static s => s.Self.RunLive(s.Batch), (Self: this, Batch: batch), Latest(batch));
        if (!run.IsCompletedSuccessfully)
        {
            _ = FailIfNeverRunAsync(run, batch);
        }
    }

    /// <summary>A batch whose every deadline passed before an instance was free never ran: its calls end with the reason.</summary>
    private static async Task FailIfNeverRunAsync(ValueTask<bool> run, List<Pending> batch)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>The batch waits for an instance as long as any of its calls still would.</summary>
    private static long Latest(List<Pending> batch)
    {
        var latest = long.MinValue;
        foreach (var p in batch)
        {
            latest = Math.Max(latest, p.Deadline);
        }

        return latest;
    }

    /// <summary>Runs the calls of <paramref name="batch"/> still within their deadline, on the instance it was given; the
    /// others end with a <see cref="TimeoutException"/> without reaching the session.</summary>
    private bool RunLive(List<Pending> batch)
    {
        var live = batch;
        foreach (var p in batch)
        {
            if (_instances.HasPassed(p.Deadline))
            {
                // Rare (only a batch that waited for an instance), so the copy is made only then.
                live = [];
                break;
            }
        }

        if (!ReferenceEquals(live, batch))
        {
            foreach (var p in batch)
            {
                if (_instances.HasPassed(p.Deadline))
                {
                    p.Done.TrySetException(new TimeoutException("the deadline passed while the call waited for a free instance; it was not run"));
                }
                else
                {
                    live.Add(p);
                }
            }
        }

        if (live.Count > 0)
        {
            Run(live);
        }

        return true;
    }

    private void Run(List<Pending> batch)
    {
        Interlocked.Increment(ref Runs);
        var width = scorer.Width;
        var total = 0;
        foreach (var p in batch)
        {
            total += p.Count;
        }

        try
        {
            float[] merged;
            if (batch.Count == 1)
            {
                merged = batch[0].Rows;
            }
            else
            {
                merged = new float[total * width];
                var offset = 0;
                foreach (var p in batch)
                {
                    Array.Copy(p.Rows, 0, merged, offset, p.Count * width);
                    offset += p.Count * width;
                }
            }

            var scores = new float[total];
            scorer.Score(merged, total, scores);
            var at = 0;
            foreach (var p in batch)
            {
                p.Done.TrySetResult(scores.AsSpan(at, p.Count).ToArray());
                at += p.Count;
            }
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Done.TrySetException(ex);
            }
        }
    }
}
