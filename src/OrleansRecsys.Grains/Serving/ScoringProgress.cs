using System.Diagnostics;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// How far one request's scoring got, read when its answer is settled: whether the version's session was there and past
/// its first requests (so the request is judged), and when the model call started (so a missed deadline can be told
/// apart: the model's if it spent most of the deadline, not if the feature reads or a caller's short deadline did).
/// </summary>
internal sealed class ScoringProgress
{
    private long _modelCallStarted;

    /// <summary>Set once the version's session is known: loaded and past its first requests, or failed (its error counts).</summary>
    public bool Judged { get; set; }

    public void ModelCallStarting() => Volatile.Write(ref _modelCallStarted, Stopwatch.GetTimestamp());

    /// <summary>How long the model call has taken so far (its whole time once its answer is in), or null when none was made.</summary>
    public TimeSpan? ModelTime()
    {
        var started = Volatile.Read(ref _modelCallStarted);
        return started == 0 ? null : Stopwatch.GetElapsedTime(started);
    }

    /// <param name="callerDeadlineShortened">The caller asked for less than the grid's default deadline.</param>
    public GuardrailSample Sample(int rows, ScoringResult result, bool modelError, TimeSpan deadline, bool callerDeadlineShortened)
    {
        var usPerRow = result.Scores is not null && rows > 0 ? result.ScorerMs * 1000 / rows : double.NaN;
        // An open circuit is the version failing (it opened on the version's own errors or missed deadlines): judged as
        // an error and a fallback, so a canary whose circuit opened is rolled back like one that keeps failing, instead of
        // its error rate falling the moment the breaker stops calling it.
        var circuitOpen = result.FallbackReason == FallbackReasons.CircuitOpen;
        var fallback = modelError || circuitOpen || ModelMissedDeadline(result, deadline, callerDeadlineShortened);
        return new GuardrailSample(Judged || circuitOpen, rows, modelError || circuitOpen, fallback, usPerRow);
    }

    /// <summary>
    /// <paramref name="result"/>, marked <see cref="ScoringResult.ModelAtFault"/> when the version caused it to fail: a model
    /// error, a deadline it used up (<see cref="ModelMissedDeadline"/>), or scores that arrived only after the deadline had
    /// passed, most of it in the model. The last is a deadline miss that the race did not see: the deadline's timer runs its
    /// callback on the thread pool, and a silo whose cores are busy with a slow model queues that callback behind the very
    /// scoring that is late, so the scores win a race they lost on the clock. Counted as successes, those answers kept a
    /// slow model's failure ratio under its circuit's threshold for seconds.
    /// </summary>
    /// <param name="elapsed">Time since the request started, when its answer is settled.</param>
    public ScoringResult MarkModelFault(ScoringResult result, TimeSpan deadline, TimeSpan elapsed, bool callerDeadlineShortened)
    {
        var atFault = result.FallbackReason == FallbackReasons.ModelError || ModelMissedDeadline(result, deadline, callerDeadlineShortened)
            || ModelAnsweredLate(result, deadline, elapsed, callerDeadlineShortened);
        return atFault ? result with { ModelAtFault = true } : result;
    }

    private bool ModelAnsweredLate(ScoringResult result, TimeSpan deadline, TimeSpan elapsed, bool callerDeadlineShortened)
    {
        var started = Volatile.Read(ref _modelCallStarted);
        return result.Scores is not null && !callerDeadlineShortened && started != 0 && elapsed >= deadline
            && Stopwatch.GetElapsedTime(started) >= deadline / 2;
    }

    /// <summary>Whether <paramref name="result"/> is a deadline the model used up itself: most of it went by after the model
    /// call started, and the caller did not ask for less than the grid's default.</summary>
    public bool ModelMissedDeadline(ScoringResult result, TimeSpan deadline, bool callerDeadlineShortened)
    {
        var started = Volatile.Read(ref _modelCallStarted);
        return result.FallbackReason == FallbackReasons.Deadline && !callerDeadlineShortened && started != 0
            && Stopwatch.GetElapsedTime(started) >= deadline / 2;
    }
}
