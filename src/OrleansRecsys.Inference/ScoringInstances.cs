namespace OrleansRecsys.Inference;

/// <summary>
/// The instances of one model version in one silo: at most <see cref="Count"/> ONNX runs of the version at once, the way
/// an inference server's instance count bounds a model. A run that finds every instance busy waits in a first-in,
/// first-out queue, bounded by its own deadline: when an instance frees, the oldest waiter whose deadline has not passed
/// takes it, and a waiter whose deadline passed is dropped without ever starting its run (it ends with a
/// <see cref="TimeoutException"/>, which the caller counts as the version's timeout).
/// <para>
/// Without the bound, a model that is slow or stuck holds a core per request that reaches it, and requests keep reaching
/// it until its circuit breaker has seen enough of them fail; the runs they started then go on for up to the run limit
/// each, long after their callers gave up, and starve everything else on the silo. With it, a slow version holds at most
/// <see cref="Count"/> cores, and no run starts for a caller that no longer waits for it.
/// </para>
/// <para>
/// A run that finds an instance free runs on the caller's thread, so the common case costs a lock and no allocation. A
/// queued run runs on a thread-pool thread once an instance is handed to it: not on the caller's scheduler, which may be
/// busy with a run of its own while the instance sits idle.
/// </para>
/// </summary>
public sealed class ScoringInstances
{
    /// <summary>A run waiting for an instance; completed true when it is handed one, false when its deadline passed first.</summary>
    private sealed class Waiter(long deadline) : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long Deadline { get; } = deadline;
    }

    private readonly Lock _gate = new();
    private readonly Queue<Waiter> _waiting = new();
    private readonly TimeProvider _time;
    private int _running;
    private long _expired;

    /// <param name="count">Runs of the version that may be in flight at once (at least 1).</param>
    /// <param name="time">The clock deadlines are read against (its <see cref="TimeProvider.GetTimestamp"/>).</param>
    public ScoringInstances(int count, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>No deadline: the run waits for an instance however long it takes (batch and shadow scoring).</summary>
    public const long NoDeadline = long.MaxValue;

    public int Count { get; }

    /// <summary>Runs in flight now (at most <see cref="Count"/>).</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Runs waiting for an instance now, including any whose deadline passed since (they are dropped when an
    /// instance frees).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Runs that never started because their deadline passed before an instance was free for them.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>The deadline <paramref name="remaining"/> from now, on this instance group's clock.</summary>
    public long DeadlineAfter(TimeSpan remaining) =>
        remaining <= TimeSpan.Zero ? _time.GetTimestamp() : _time.GetTimestamp() + (long)(remaining.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Whether <paramref name="deadline"/> has passed on this instance group's clock.</summary>
    public bool HasPassed(long deadline) => deadline != NoDeadline && _time.GetTimestamp() >= deadline;

    /// <summary>
    /// Runs <paramref name="run"/> on an instance: at once on the calling thread when one is free and nothing waits
    /// before it, otherwise once the queue reaches it. A run whose <paramref name="deadline"/> (<see cref="DeadlineAfter"/>,
    /// or <see cref="NoDeadline"/>) passes before then never starts, and the task ends with a <see cref="TimeoutException"/>.
    /// </summary>
    public ValueTask<TResult> RunAsync<TState, TResult>(Func<TState, TResult> run, TState state, long deadline)
    {
        Waiter? waiter = null;
        lock (_gate)
        {
            if (HasPassed(deadline))
            {
                // The caller has already given up: a run now would only take a core from someone still waiting.
                _expired++;
                return ValueTask.FromException<TResult>(ExpiredError());
            }

            if (_running < Count && _waiting.Count == 0)
            {
                _running++;
            }
            else
            {
                waiter = new Waiter(deadline);
                _waiting.Enqueue(waiter);
            }
        }

        return waiter is null ? RunHeld(run, state) : RunQueuedAsync(waiter, run, state);
    }

    private ValueTask<TResult> RunHeld<TState, TResult>(Func<TState, TResult> run, TState state)
    {
        try
        {
            return new ValueTask<TResult>(run(state));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<TResult>(ex);
        }
        finally
        {
            Exit();
        }
    }

    private async ValueTask<TResult> RunQueuedAsync<TState, TResult>(Waiter waiter, Func<TState, TResult> run, TState state)
    {
        // Not on the caller's scheduler: the instance is this run's from the moment it is handed over.
        if (!await waiter.Task.ConfigureAwait(false))
        {
            throw ExpiredError();
        }

        return await RunHeld(run, state).ConfigureAwait(false);
    }

    /// <summary>Hands the instance to the oldest waiter still within its deadline, dropping the ones past it, or frees it.</summary>
    private void Exit()
    {
        lock (_gate)
        {
            if (_waiting.Count > 0)
            {
                var now = _time.GetTimestamp();
                while (_waiting.TryDequeue(out var next))
                {
                    if (next.Deadline != NoDeadline && now >= next.Deadline)
                    {
                        _expired++;
                        next.TrySetResult(false);
                        continue;
                    }

                    next.TrySetResult(true);
                    return;
                }
            }

            _running--;
        }
    }

    private TimeoutException ExpiredError() =>
        new($"the deadline passed while the run waited for one of the version's {Count} instances, all busy; it was not started");
}
