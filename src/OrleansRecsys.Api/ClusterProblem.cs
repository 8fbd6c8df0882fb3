using System.Data.Common;

namespace OrleansRecsys.Api;

/// <summary>
/// What a transient cluster failure tells the caller of an endpoint that has no fallback (features, vectors, models,
/// rollout): each cause by its own name, so a dead silo does not read as a slow grid and a database that is down does
/// not read as a bug (a 500). The database's message stays in the log; the caller gets its SQL state.
/// </summary>
internal static class ClusterProblem
{
    public const string Title = "Temporarily unavailable";
    public const string SiloUnavailable = "a silo of the grid is unavailable (its connection failed or it is declared dead); retry";
    public const string TimedOut = "the grid could not answer in time; retry";
    public const string Cancelled = "the call to the grid was cancelled before it answered; retry";
    public const string ClusterError = "the grid's cluster failed the call; retry";
    public const string StorageUnavailable = "the grid's storage could not be read or written; retry";

    /// <summary>The 503 detail for a transient cluster failure, or null for any other exception (a 500).</summary>
    public static string? DetailFor(Exception exception) =>
        CallerDeadline.ReasonFor(exception) switch
        {
            FallbackReasons.SiloUnavailable => SiloUnavailable,
            FallbackReasons.Deadline => TimedOut,
            _ => exception switch
            {
                StorageFailureException { SqlState: { } state } => $"{StorageUnavailable} (SQL state {state})",
                StorageFailureException or DbException => StorageUnavailable,
                OperationCanceledException => Cancelled,
                OrleansException => ClusterError,
                _ => null,
            },
        };
}
