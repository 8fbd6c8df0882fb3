using Orleans.Runtime;

namespace OrleansRecsys;

/// <summary>
/// When a caller of the grid stops waiting for a rank and answers with its own fallback (<see cref="CallerFallback"/>),
/// carried to the ranking grain in the call's request context: a call that reaches the grain after that moment has been
/// answered already, so scoring it would be work nobody reads, and its result would tell the version's circuit breaker a
/// story the caller did not see (a "good" answer to a caller that got <c>deadline</c>). The moment is wall-clock time,
/// so it is only as exact as the clocks of the caller and the silo agree; the caller's grace (a few tens of
/// milliseconds) is part of the wait, which covers clocks kept by NTP.
/// </summary>
public static class CallerWait
{
    /// <summary>The request-context key: Unix milliseconds (UTC) at which the caller answers without the grid.</summary>
    public const string Key = "recsys.caller-answers-at";

    /// <summary>Announces, for the grid calls this flow makes next, that the caller stops waiting after <paramref name="wait"/>.</summary>
    public static void Announce(TimeSpan wait) => AnnounceAt(DateTimeOffset.UtcNow + wait);

    /// <summary>Announces the moment the caller stops waiting.</summary>
    public static void AnnounceAt(DateTimeOffset answersAt) => RequestContext.Set(Key, answersAt.ToUnixTimeMilliseconds());

    /// <summary>
    /// In the grain: whether the caller that made this call has answered already. Takes the announcement out of the request
    /// context, so the grain's own calls (features, scoring) do not carry it on.
    /// </summary>
    public static bool HasAnswered(TimeProvider time)
    {
        if (RequestContext.Get(Key) is not long answersAt)
        {
            return false;
        }

        RequestContext.Remove(Key);
        return time.GetUtcNow().ToUnixTimeMilliseconds() >= answersAt;
    }
}
