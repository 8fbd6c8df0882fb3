namespace OrleansRecsys.Inference;

/// <summary>
/// Stops ONNX runs that outlast their limit. A run cannot be cancelled through a token, and a caller that gives up at
/// its deadline leaves the run going: a pathological model then holds a core for seconds after every request that
/// touched it, and the whole silo's latency follows. ONNX Runtime checks a run's terminate flag between graph nodes,
/// so setting it ends the run at the next node. Each scoring thread owns one <see cref="RunSlot"/> (its own run
/// options), so a limited run allocates nothing. The slots are checked every <see cref="Period"/> by a thread of the
/// watchdog's own, not a timer: a timer's callback waits for a thread-pool thread, and a silo whose pool threads are
/// all inside long runs is exactly when it must not wait.
/// </summary>
internal static class RunWatchdog
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);
    private static readonly List<RunSlot> Slots = [];
    private static readonly Thread Sweeper = StartSweeper();

    [ThreadStatic]
    private static RunSlot? _threadSlot;

    /// <summary>The calling thread's slot, armed to stop its run <paramref name="limitMs"/> from now.</summary>
    public static RunSlot Enter(int limitMs)
    {
        var slot = _threadSlot ??= Register();
        slot.Start(Environment.TickCount64 + limitMs);
        return slot;
    }

    private static RunSlot Register()
    {
        GC.KeepAlive(Sweeper);
        var slot = new RunSlot();
        lock (Slots)
        {
            Slots.Add(slot);
        }

        return slot;
    }

    private static Thread StartSweeper()
    {
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(Period);
                Sweep();
            }
        })
        {
            IsBackground = true,
            Name = "onnx-run-watchdog",
        };
        thread.Start();
        return thread;
    }

    private static void Sweep()
    {
        var now = Environment.TickCount64;
        lock (Slots)
        {
            for (var i = Slots.Count - 1; i >= 0; i--)
            {
                var slot = Slots[i];
                if (!slot.Owner.IsAlive)
                {
                    // A thread that ended is never inside a run, so its options are free to go.
                    slot.Options.Dispose();
                    Slots.RemoveAt(i);
                    continue;
                }

                slot.StopIfOverdue(now);
            }
        }
    }
}
