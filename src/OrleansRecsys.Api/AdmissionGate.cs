namespace OrleansRecsys.Api;

/// <summary>
/// The slots and the queue behind admission control: <see cref="AdmissionOptions.MaxConcurrentRequests"/> requests at
/// once, then a first-in-first-out queue in which each request may wait only as long as <see cref="AdmissionQueueRule"/>
/// allows it. A waiter whose time is up is refused when the gate next moves (a request arrives or a slot frees up), so the
/// gate needs no timer: under the load that fills it, both happen many times a millisecond.
/// </summary>
internal sealed class AdmissionGate(AdmissionOptions options, TimeProvider time)
{
    /// <summary>What a wait ends with when its caller left (the request was aborted) before it got a slot.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>Weight of the newest interval between releases in their running average.</summary>
    private const double PaceWeight = 0.1;

    private static readonly Task<string?> Admitted = Task.FromResult<string?>(null);
    private static readonly Task<string?> QueueFull = Task.FromResult<string?>(AdmissionVerdict.RefusedQueueFull);
    private static readonly Task<string?> QueueTime = Task.FromResult<string?>(AdmissionVerdict.RefusedQueueTime);

    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiters = new();
    private int _inFlight;
    private long _busySince;
    private long _lastSaturatedRelease;
    private double _paceTicks;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// Takes a slot for one request: completes with null once it holds one (at once while one is free), or with the reason
    /// it was refused (<see cref="AdmissionVerdict"/>, or <see cref="Abandoned"/> when <paramref name="aborted"/> fired
    /// first). A holder calls <see cref="Release"/> when its answer is written.
    /// </summary>
    public Task<string?> EnterAsync(CancellationToken aborted)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            RefuseExpiredHeads(now);
            if (_waiters.Count == 0 && _inFlight < options.MaxConcurrentRequests)
            {
                _inFlight++;
                return Admitted;
            }

            var verdict = AdmissionQueueRule.Judge(View(now), options);
            if (!verdict.Waits)
            {
                return verdict.Refusal == AdmissionVerdict.RefusedQueueFull ? QueueFull : QueueTime;
            }

            if (_waiters.Count == 0)
            {
                _busySince = now;
            }

            var waiter = new Waiter(now, now + (verdict.Allowance.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond));
            waiter.WatchFor(aborted);
            _waiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    /// <summary>Frees a slot: hands it to the oldest waiter whose time is not up, refusing those whose time is.</summary>
    public void Release()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            RefuseExpiredHeads(now);
            while (_waiters.TryDequeue(out var next))
            {
                if (next.TrySettle(null))
                {
                    MeasurePace(now);
                    return; // the slot passes to the waiter: in flight stays as it was
                }
            }

            _lastSaturatedRelease = 0;
            _inFlight--;
        }
    }

    private AdmissionQueueView View(long now)
    {
        var pace = _paceTicks > 0 ? time.GetElapsedTime(0, (long)_paceTicks) : (TimeSpan?)null;
        return _waiters.TryPeek(out var head)
            ? new AdmissionQueueView(_waiters.Count, time.GetElapsedTime(_busySince, now), time.GetElapsedTime(head.EnqueuedAt, now), pace)
            : new AdmissionQueueView(0, TimeSpan.Zero, TimeSpan.Zero, pace);
    }

    /// <summary>Refuses waiters at the head whose allowance has run out, and drops those whose callers left.</summary>
    private void RefuseExpiredHeads(long now)
    {
        while (_waiters.TryPeek(out var head) && (head.Task.IsCompleted || head.Deadline <= now))
        {
            _waiters.Dequeue();
            head.TrySettle(AdmissionVerdict.RefusedQueueTime);
        }
    }

    /// <summary>Averages the time between slots passing straight to waiters: the pace at which a standing queue moves.</summary>
    private void MeasurePace(long now)
    {
        if (_lastSaturatedRelease != 0)
        {
            var interval = now - _lastSaturatedRelease;
            _paceTicks = _paceTicks == 0 ? interval : _paceTicks + (PaceWeight * (interval - _paceTicks));
        }

        _lastSaturatedRelease = now;
    }

    /// <summary>One request waiting for a slot, with the time its allowance runs out.</summary>
    private sealed class Waiter(long enqueuedAt, long deadline) : TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private CancellationTokenRegistration _abort;

        public long EnqueuedAt { get; } = enqueuedAt;
        public long Deadline { get; } = deadline;

        /// <summary>Settles the wait as abandoned if the caller leaves first (a request aborted by its client).</summary>
        public void WatchFor(CancellationToken aborted)
        {
            if (aborted.CanBeCanceled)
            {
                _abort = aborted.UnsafeRegister(static w => ((Waiter)w!).TrySettle(Abandoned), this);
            }
        }

        /// <summary>Ends the wait with <paramref name="refusal"/> (null: a slot), unless it has ended already.</summary>
        public bool TrySettle(string? refusal)
        {
            if (!TrySetResult(refusal))
            {
                return false;
            }

            _abort.Unregister(); // without waiting for a callback that may be running: it settles nothing now
            return true;
        }
    }
}
