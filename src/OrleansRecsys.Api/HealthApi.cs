using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansRecsys.Api;

/// <summary>GET /health/live (the process answers) and /health/ready (see <see cref="ReadinessCheck"/>).</summary>
public static class HealthApi
{
    public static void Map(WebApplication app)
    {
        // Probes carry no token: both are anonymous by intent, and readiness shows details to operators only.
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithName("Live").WithTags("Health").AllowAnonymous()
            .OnManagementPort();
        app.MapGet("/health/ready", ReadyAsync).WithName("Ready").WithTags("Health").AllowAnonymous().OnManagementPort()
            .WithSummary("200 when this host can serve: storage, Kafka, partitions assigned, every rollout version warm");
    }

    /// <summary>The endpoint is open (probes carry no token), so a caller gets the status and the failing checks' names
    /// only; a caller whose token passes the read policy (read or admin role) also gets each check's detail (model
    /// versions, broker error text), which tells an attacker what runs and what is broken.</summary>
    public static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> ReadyAsync(
        ReadinessCheck check, ClaimsPrincipal user, IAuthorizationService authorization)
    {
        var full = await check.CheckAsync();
        var detailed = user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, Roles.Read)).Succeeded;
        var report = detailed ? full : full.Minimal();
        return report.Status == "ready" ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
