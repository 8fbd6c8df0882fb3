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

    /// <summary>Whether <paramref name="result"/> is a deadline the model used up itself: most of it went by after the model
    /// call started, and the caller did not ask for less than the grid's default.</summary>
    public bool ModelMissedDeadline(ScoringResult result, TimeSpan deadline, bool callerDeadlineShortened)
    {
        var started = Volatile.Read(ref _modelCallStarted);
        return result.FallbackReason == FallbackReasons.Deadline && !callerDeadlineShortened && started != 0
            && Stopwatch.GetElapsedTime(started) >= deadline / 2;
    }
}
