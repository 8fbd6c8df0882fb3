using Orleans.Runtime.Messaging;

namespace OrleansRecsys;

/// <summary>
/// The caller's side of a ranking deadline (the HTTP API, the typed client): wait for the grid's answer no longer than
/// the deadline plus a grace, and turn a late answer or a failed call into a fallback reason. The grid answers with its
/// own fallback at the deadline, but only while its silo lives; when the silo that holds the call dies, Orleans would
/// hold the caller until its response time-out (30 s), so the caller stops waiting itself.
/// </summary>
public static class CallerDeadline
{
    /// <summary>The grid's answer, or the reason the caller answers with its own popularity fallback instead.</summary>
    /// <param name="wait">The request's deadline plus the caller's grace, counted from when the call was made.</param>
    /// <param name="cancellationToken">The caller giving up (a closed HTTP connection): it throws, it is no fallback.</param>
    public static async Task<(RankResponse? Answer, string? FallbackReason)> AwaitAsync(ValueTask<RankResponse> call, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        Task<RankResponse>? pending = null;
        try
        {
            if (call.IsCompleted)
            {
                return (await call, null);
            }

            pending = call.AsTask();
            return (await pending.WaitAsync(wait, cancellationToken), null);
        }
        catch (Exception ex) when (ReasonFor(ex) is { } reason && !cancellationToken.IsCancellationRequested)
        {
            if (pending is { IsCompleted: false })
            {
                // The abandoned call may still fail later (Orleans' own time-out): observe it so it is not reported as unobserved.
                _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return (null, reason);
        }
    }

    /// <summary>
    /// The fallback reason for a failed grid call, or null when the failure is not the cluster's (a bug, bad input):
    /// <see cref="FallbackReasons.SiloUnavailable"/> when a silo on the call's path is gone (the connection failed, the
    /// silo is declared dead, the message was rejected), <see cref="FallbackReasons.Deadline"/> when the call timed out.
    /// Wrapped exceptions are looked through.
    /// </summary>
    public static string? ReasonFor(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is ConnectionFailedException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                return FallbackReasons.SiloUnavailable;
            }

            if (ex is TimeoutException)
            {
                return FallbackReasons.Deadline;
            }
        }

        return null;
    }
}
