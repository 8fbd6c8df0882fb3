using System.Diagnostics;

namespace OrleansRecsys.Inference;

/// <summary>
/// Micro-batching for one session: concurrent score calls that arrive within a bounded wait are merged into one
/// ONNX Runtime run and the scores are split back. The first caller of a window leads: it waits up to
/// <see cref="MaxWait"/> (or until <see cref="MaxRows"/> rows are queued), runs the merged batch and completes the
/// others. With no concurrent callers a call pays at most the wait.
/// </summary>
public sealed class CoalescingScorer(OnnxScorer scorer, TimeSpan maxWait, int maxRows = 4096)
{
    private sealed record Pending(float[] Rows, int Count, TaskCompletionSource<float[]> Done);

    private readonly object _gate = new();
    private List<Pending> _queue = [];
    private int _queuedRows;
    private bool _leading;

    public TimeSpan MaxWait { get; } = maxWait;
    public int MaxRows { get; } = maxRows;

    public long Runs;
    public long Calls;

    public Task<float[]> ScoreAsync(float[] rows, int count)
    {
        var pending = new Pending(rows, count, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously));
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

        Run(batch);
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
