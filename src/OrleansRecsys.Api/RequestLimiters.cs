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
        // The partitions' factories are made here, once: a factory that captures a setting, written inside the per-request
        // partition selector, would be a new delegate on every request.
        Func<CallerKey, RateLimiter> callerBucket = _ => new TokenBucketRateLimiter(Bucket(perCaller));
        Func<string, RateLimiter> groupBucket = group => new TokenBucketRateLimiter(Bucket(PerSecond(limits, group)));
        Func<string, RateLimiter> processLimit = _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrentRequests,
            QueueLimit = limits.ConcurrencyQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, CallerKey>(ctx => InServingApi(ctx)
                ? RateLimitPartition.Get(new CallerKey(CallerSubjects.Of(ctx.User)), callerBucket)
                : RateLimitPartition.GetNoLimiter(CallerKey.Unlimited)),
            PartitionedRateLimiter.Create<HttpContext, string>(ctx => RouteGroups.Of(ctx) is { } group
                ? RateLimitPartition.Get(group, groupBucket)
                : RateLimitPartition.GetNoLimiter("")),
            // Admin routes stay out of the concurrency limit: an operator's rollback must get through a saturated process.
            PartitionedRateLimiter.Create<HttpContext, string>(ctx => InServingApi(ctx) && RouteGroups.Of(ctx) != RouteGroups.Admin
                ? RateLimitPartition.Get(ServingPaths.Http, processLimit)
                : RateLimitPartition.GetNoLimiter("")));
        options.OnRejected = RejectAsync;
    }

    /// <summary>A caller's partition: its token's subject, kept apart from the unlimited partition whatever the subject
    /// says (a struct key: nothing to allocate per request, unlike a prefixed string).</summary>
    private readonly record struct CallerKey(string? Subject)
    {
        public static CallerKey Unlimited => default;
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

    /// <summary>Replenished by the partitioned limiter's own timer (one for all buckets), as its token-bucket partitions are.</summary>
    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = false,
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
