using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansRecsys.Api;

/// <summary>GET /health/live (the process answers) and /health/ready (see <see cref="ReadinessCheck"/>).</summary>
public static class HealthApi
{
    public static void Map(WebApplication app)
    {
        // Probes carry no token: both are anonymous by intent, and readiness shows details to authenticated callers only.
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithName("Live").WithTags("Health").AllowAnonymous();
        app.MapGet("/health/ready", ReadyAsync).WithName("Ready").WithTags("Health").AllowAnonymous()
            .WithSummary("200 when this host can serve: storage, Kafka, partitions assigned, every rollout version warm");
    }

    /// <summary>The endpoint is open (probes carry no token), so an anonymous caller gets the status and the failing
    /// checks' names only; a caller with a valid token also gets each check's detail (model versions, error text).</summary>
    public static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> ReadyAsync(ReadinessCheck check, ClaimsPrincipal user)
    {
        var full = await check.CheckAsync();
        var report = user.Identity?.IsAuthenticated == true ? full : full.Minimal();
        return report.Status == "ready" ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
