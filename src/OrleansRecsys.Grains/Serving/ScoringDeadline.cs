namespace OrleansRecsys.Grains.Serving;

/// <summary>Turns scoring that runs late or fails into the popularity baseline's reason, so a request always answers.</summary>
internal static class ScoringDeadline
{
    /// <summary>The scores, or the fallback for a missed deadline or a failure on the way.</summary>
    /// <param name="remaining">Time left of the request's deadline; a late result is abandoned, not awaited.</param>
    public static async ValueTask<ScoringResult> AwaitAsync(ValueTask<ScoringResult> scoring, TimeSpan remaining)
    {
        try
        {
            if (scoring.IsCompleted)
            {
                return await scoring;
            }

            var task = scoring.AsTask();
            if (remaining <= TimeSpan.Zero || await Task.WhenAny(task, Task.Delay(remaining)) != task)
            {
                // Observe a later failure so it is not reported as unobserved.
                _ = task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                return ScoringResult.Fallback(FallbackReasons.Deadline);
            }

            return await task;
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
}
