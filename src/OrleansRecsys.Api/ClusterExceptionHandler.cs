using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Api;

/// <summary>
/// Transient cluster failures answer 503 with Retry-After, never 500, and the problem names the cause
/// (<see cref="ClusterProblem"/>): a silo unavailable, a time-out, a cancelled call, another cluster error.
/// </summary>
public sealed class ClusterExceptionHandler(ILogger<ClusterExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception exception, CancellationToken ct)
    {
        if (ClusterProblem.DetailFor(exception) is not { } detail)
        {
            return false;
        }

        logger.LogWarning("Transient failure on {Path}: {Cause} ({ExceptionType}: {Error})", ctx.Request.Path, detail, exception.GetType().Name, exception.Message);
        ctx.Response.Headers.RetryAfter = "1";
        await Problems.Write(ctx, StatusCodes.Status503ServiceUnavailable, ClusterProblem.Title, detail);
        return true;
    }
}
