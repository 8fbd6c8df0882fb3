using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// A scoring raced against what is left of its deadline, answered through a pooled <see cref="IValueTaskSource{TResult}"/>:
/// the first of the two to finish settles the answer (the scores, or the <see cref="FallbackReasons.Deadline"/> fallback).
/// Each race owns one timer, armed per use; a race goes back to the pool only when the scoring has finished, its timer has
/// fired and its answer has been read, so no late event of one use can reach the next. In steady state a request
/// allocates nothing for its deadline (a <c>Task.Delay</c> and <c>Task.WhenAny</c> allocated a timer, two promises and
/// their continuations per request).
/// </summary>
internal sealed class ScoringRace : IValueTaskSource<ScoringResult>
{
    /// <summary>Races kept for reuse: enough for the requests of one deadline's span at thousands per second.</summary>
    private const int MaxPooled = 4096;

    private static readonly ConcurrentQueue<ScoringRace> Pool = new();
    private static int _pooled;

    private readonly Timer _timer;
    private readonly Action _onScored;
    private ManualResetValueTaskSourceCore<ScoringResult> _core;
    private Task<ScoringResult>? _scoring;
    private int _settled;
    private int _unfinished;

    private ScoringRace()
    {
        _timer = new Timer(static race => ((ScoringRace)race!).OnDeadline(), this, Timeout.Infinite, Timeout.Infinite);
        _onScored = OnScored;
    }

    /// <summary>Races <paramref name="scoring"/> (not yet complete) against <paramref name="remaining"/> (positive).</summary>
    public static ValueTask<ScoringResult> Start(Task<ScoringResult> scoring, TimeSpan remaining)
    {
        var race = Rent();
        var version = race._core.Version;
        race._scoring = scoring;
        race._settled = 0;
        race._unfinished = 3; // the scoring, the timer, the reader of the answer
        race._timer.Change(remaining, Timeout.InfiniteTimeSpan);
        // Without the caller's context: the answer is only stored here; the caller's await resumes in its own context.
        scoring.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(race._onScored);
        return new ValueTask<ScoringResult>(race, version);
    }

    public ScoringResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Finished();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private static ScoringRace Rent()
    {
        if (Pool.TryDequeue(out var race))
        {
            Interlocked.Decrement(ref _pooled);
            return race;
        }

        return new ScoringRace();
    }

    private void OnScored()
    {
        var scoring = _scoring!;
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _core.SetResult(ScoringDeadline.Settled(scoring));
        }
        else
        {
            // Abandoned at the deadline: its failure, if any, is observed here so it is not reported as unobserved.
            _ = scoring.Exception;
        }

        Finished();
    }

    private void OnDeadline()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _core.SetResult(ScoringResult.Fallback(FallbackReasons.Deadline));
        }

        Finished();
    }

    private void Finished()
    {
        if (Interlocked.Decrement(ref _unfinished) != 0)
        {
            return;
        }

        _scoring = null;
        _core.Reset();
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
            _timer.Dispose();
        }
    }
}
