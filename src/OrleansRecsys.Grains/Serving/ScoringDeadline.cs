namespace OrleansRecsys.Grains.Serving;

/// <summary>Turns scoring that runs late or fails into the popularity baseline's reason, so a request always answers.</summary>
internal static class ScoringDeadline
{
    /// <summary>The scores, or the fallback for a missed deadline or a failure on the way.</summary>
    /// <param name="remaining">Time left of the request's deadline; a late result is abandoned, not awaited.</param>
    public static ValueTask<ScoringResult> AwaitAsync(ValueTask<ScoringResult> scoring, TimeSpan remaining)
    {
        if (scoring.IsCompleted)
        {
            return new ValueTask<ScoringResult>(Settled(scoring));
        }

        var task = scoring.AsTask();
        if (remaining <= TimeSpan.Zero)
        {
            // Observe a later failure so it is not reported as unobserved.
            _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            return new ValueTask<ScoringResult>(ScoringResult.Fallback(FallbackReasons.Deadline));
        }

        return ScoringRace.Start(task, remaining);
    }

    /// <summary>The answer of a finished scoring: its scores, or the fallback its failure stands for.</summary>
    public static ScoringResult Settled(ValueTask<ScoringResult> scoring)
    {
        try
        {
            return scoring.Result;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or SiloUnavailableException)
        {
            // A grain on a silo that just died: answer with the baseline now; the cluster re-activates it elsewhere.
            return ScoringResult.Fallback(FallbackReasons.FeatureError);
        }
        catch (Exception)
        {
            // Anything else on the model path is the model's failure: the baseline answers and guardrails see it.
            return ScoringResult.Fallback(FallbackReasons.ModelError);
        }
    }

    /// <inheritdoc cref="Settled(ValueTask{ScoringResult})"/>
    public static ScoringResult Settled(Task<ScoringResult> scoring) => Settled(new ValueTask<ScoringResult>(scoring));
}
