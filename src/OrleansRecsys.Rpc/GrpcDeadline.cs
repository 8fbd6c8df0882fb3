using Grpc.Core;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// A gRPC call's own deadline as the request's <c>deadline_ms</c>. The serving path answers within deadline_ms plus the
/// grace (<see cref="ServingOptions.DeadlineGraceMs"/>), falling back to popular items when the grid is late; a caller whose
/// call deadline is shorter would see DEADLINE_EXCEEDED instead of that answer. So the grid gets the shorter of the two,
/// the call's less the grace and a tenth of the time left (the answer's way back, and timers that fire late on a busy
/// machine): the fallback arrives while the caller still listens. A call whose deadline has already
/// passed (it waited for admission, say) is answered DEADLINE_EXCEEDED before any work.
/// </summary>
internal static class GrpcDeadline
{
    /// <summary>The share of the call's remaining time kept for the answer to travel back.</summary>
    private const double ReturnShare = 0.1;

    /// <summary>
    /// The deadline_ms to serve with: <paramref name="requestedMs"/> when the call's deadline leaves it room (or the call has
    /// none, or the value breaks the rules, which then refuse it naming the field), else what the call's deadline leaves,
    /// at least <see cref="RequestLimits.MinDeadlineMs"/>.
    /// </summary>
    /// <exception cref="RpcException">DEADLINE_EXCEEDED: the call's deadline is not after <paramref name="utcNow"/>.</exception>
    public static int? Cap(int? requestedMs, DateTime callDeadline, DateTime utcNow, ServingOptions serving)
    {
        if (callDeadline == DateTime.MaxValue)
        {
            return requestedMs;
        }

        var remaining = callDeadline - utcNow;
        if (remaining <= TimeSpan.Zero)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "the call's deadline passed before it was served"));
        }

        if (RequestRules.DeadlineMs(requestedMs) is not null)
        {
            return requestedMs;
        }

        var left = remaining.TotalMilliseconds * (1 - ReturnShare) - serving.DeadlineGraceMs;
        var wanted = requestedMs ?? serving.DefaultDeadlineMs;
        return left >= wanted ? requestedMs : Math.Max(RequestLimits.MinDeadlineMs, (int)left);
    }
}
