using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansRecsys.Api;

/// <summary>GET /health/live (the process answers) and /health/ready (see <see cref="ReadinessCheck"/>).</summary>
public static class HealthApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithName("Live").WithTags("Health");
        app.MapGet("/health/ready", ReadyAsync).WithName("Ready").WithTags("Health");
    }

    public static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> ReadyAsync(ReadinessCheck check)
    {
        var report = await check.CheckAsync();
        return report.Status == "ready" ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
