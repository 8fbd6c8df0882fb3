using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Api;

/// <summary>Transient cluster failures (a silo going away, a timeout) answer 503 with Retry-After, never 500.</summary>
public sealed class ClusterExceptionHandler(ILogger<ClusterExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception exception, CancellationToken ct)
    {
        if (exception is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.OrleansException
            or OperationCanceledException)
        {
            logger.LogWarning("Transient failure on {Path}: {Error}", ctx.Request.Path, exception.Message);
            ctx.Response.Headers.RetryAfter = "1";
            await Problems.Write(ctx, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "the grid could not answer in time; retry");
            return true;
        }

        return false;
    }
}
