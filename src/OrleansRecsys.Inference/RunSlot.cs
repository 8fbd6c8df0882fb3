using Microsoft.ML.OnnxRuntime;

namespace OrleansRecsys.Inference;

/// <summary>
/// One scoring thread's run options and the deadline of the run it has in flight, if any. The watchdog sets the
/// options' terminate flag on an overdue run; the lock keeps that from landing on the thread's next run instead.
/// </summary>
internal sealed class RunSlot
{
    private readonly Lock _gate = new();
    private long _deadlineMs;
    private bool _stopped;

    public RunOptions Options { get; } = new();

    /// <summary>The thread that owns the slot: the watchdog frees the slots of threads that have ended.</summary>
    public Thread Owner { get; } = Thread.CurrentThread;

    public void Start(long deadlineMs)
    {
        lock (_gate)
        {
            _deadlineMs = deadlineMs;
        }
    }

    /// <summary>Ends the run; true when the watchdog stopped it. The flag is cleared so the next run starts clean.</summary>
    public bool Finish()
    {
        lock (_gate)
        {
            _deadlineMs = 0;
            if (!_stopped)
            {
                return false;
            }

            _stopped = false;
            Options.Terminate = false;
            return true;
        }
    }

    public void StopIfOverdue(long nowMs)
    {
        lock (_gate)
        {
            if (_deadlineMs != 0 && nowMs >= _deadlineMs && !_stopped)
            {
                _stopped = true;
                Options.Terminate = true;
            }
        }
    }
}
