using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// What a <c>/v1</c> request passes before its endpoint runs, in this order: the caller's own token bucket (per token
/// subject), its route group's bucket (<see cref="RouteGroups"/>, shared by all callers), and the process's concurrency
/// limit (admin routes excepted). Rank and recommend then pass the admission limit (<see cref="AdmissionControl"/>). The order matters: a caller over its own rate is refused before it can spend the group's tokens that other
/// callers need. A refused rate is a 429 with the seconds until a token is due in <c>Retry-After</c>; a full process is
/// a 503 with <c>Retry-After: 1</c> (a concurrency limit cannot know when a slot frees up). Both are problem documents.
/// gRPC calls of <c>recsys.v1</c> pass the same limiters (<see cref="ServingPaths"/>) and are refused with RESOURCE_EXHAUSTED
/// (a rate) or UNAVAILABLE (a full process).
/// </summary>
internal static class RequestLimiters
{
    public static void Configure(RateLimiterOptions options, IOptions<RateLimitOptions> limitOptions, IOptions<AuthOptions> auth)
    {
        var limits = limitOptions.Value;
        var perCaller = auth.Value.RateLimitPerSecond;
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(ctx => InServingApi(ctx)
                ? RateLimitPartition.GetTokenBucketLimiter("subject:" + TokenMinter.Subject(ctx.User), _ => Bucket(perCaller))
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(ctx => RouteGroups.Of(ctx) is { } group
                ? RateLimitPartition.GetTokenBucketLimiter(group, g => Bucket(PerSecond(limits, g)))
                : RateLimitPartition.GetNoLimiter("")),
            // Admin routes stay out of the concurrency limit: an operator's rollback must get through a saturated process.
            PartitionedRateLimiter.Create<HttpContext, string>(ctx => InServingApi(ctx) && RouteGroups.Of(ctx) != RouteGroups.Admin
                ? RateLimitPartition.GetConcurrencyLimiter(ServingPaths.Http, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.MaxConcurrentRequests,
                    QueueLimit = limits.ConcurrencyQueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter("")));
        options.OnRejected = RejectAsync;
    }

    private static bool InServingApi(HttpContext ctx) => ServingPaths.IsServing(ctx);

    private static int PerSecond(RateLimitOptions limits, string group) => group switch
    {
        RouteGroups.Rank => limits.RankPerSecond,
        RouteGroups.Recommend => limits.RecommendPerSecond,
        RouteGroups.Ingest => limits.IngestPerSecond,
        RouteGroups.Admin => limits.AdminPerSecond,
        _ => limits.ReadPerSecond,
    };

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Token buckets say when their next token is due; the concurrency limiter's refusal carries no such time.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var group = RouteGroups.Of(http);
            if (ServingPaths.IsGrpc(http))
            {
                await GrpcRefusal.WriteAsync(http, GrpcRefusal.ResourceExhausted, $"the rate limit (per caller, or for the {group ?? "v1"} calls) is exceeded; retry after {seconds} s");
                return;
            }

            await Problems.Write(http, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"the rate limit (per caller, or for the {group ?? "v1"} routes) is exceeded; retry after {seconds} s");
            return;
        }

        http.Response.Headers.RetryAfter = "1";
        if (ServingPaths.IsGrpc(http))
        {
            await GrpcRefusal.WriteAsync(http, GrpcRefusal.Unavailable, "the server is working on as many requests as it admits at once; retry after 1 s");
            return;
        }

        await Problems.Write(http, StatusCodes.Status503ServiceUnavailable, "Overloaded",
            "the server is working on as many requests as it admits at once; retry after 1 s");
    }
}
