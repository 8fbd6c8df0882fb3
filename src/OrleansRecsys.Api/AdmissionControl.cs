using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>
/// Load shedding for the serving routes (rank and recommend, <see cref="AdmissionOptions"/>): a concurrency limit with a
/// bounded queue, checked after the caller's and the route group's rate limits and before the endpoint reads its body or
/// calls the grid. A shed request costs a problem document: 503 with <c>Retry-After</c> (a gRPC call: UNAVAILABLE, same header). Other routes pass untouched, so
/// health checks, scrapes and an operator's rollback get through a saturated process.
/// </summary>
internal sealed class AdmissionControl : IMiddleware, IDisposable
{
    private readonly AdmissionOptions _options;
    private readonly RecsysMetrics _metrics;
    private readonly ConcurrencyLimiter _limiter;
    private readonly string _retryAfter;

    public AdmissionControl(IOptions<AdmissionOptions> options, RecsysMetrics metrics)
    {
        _options = options.Value;
        _metrics = metrics;
        _retryAfter = _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentRequests,
            QueueLimit = _options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        metrics.RegisterAdmission(InFlight, () => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0);
    }

    /// <summary>The limit's counts: in progress (permits taken), queued, and shed (failed leases) so far.</summary>
    internal RateLimiterStatistics? Statistics => _limiter.GetStatistics();

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_options.Enabled || RouteGroups.Of(context) is not ({ } group and (RouteGroups.Rank or RouteGroups.Recommend)))
        {
            return next(context);
        }

        // Completes at once while a slot is free (the common case, kept free of an async wrapper: the lease is released
        // with the response); otherwise waits in the bounded queue, or fails at once when the queue is full.
        var acquiring = _limiter.AcquireAsync(1, context.RequestAborted);
        return acquiring.IsCompletedSuccessfully ? Admit(context, next, acquiring.Result, group) : AdmitQueuedAsync(context, next, acquiring, group);
    }

    private Task Admit(HttpContext context, RequestDelegate next, RateLimitLease lease, string group)
    {
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return ShedAsync(context, group);
        }

        context.Response.RegisterForDispose(lease);
        return next(context);
    }

    private async Task AdmitQueuedAsync(HttpContext context, RequestDelegate next, ValueTask<RateLimitLease> acquiring, string group) =>
        await Admit(context, next, await acquiring, group);

    private long InFlight() => _options.MaxConcurrentRequests - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? _options.MaxConcurrentRequests);

    private Task ShedAsync(HttpContext context, string group)
    {
        _metrics.AdmissionShed.Add(1, new KeyValuePair<string, object?>("route", group));
        context.Response.Headers.RetryAfter = _retryAfter;
        var detail = $"the server is serving as many {group} requests as it admits and its queue is full; retry after {_retryAfter} s";
        return ServingPaths.IsGrpc(context)
            ? GrpcRefusal.WriteAsync(context, GrpcRefusal.Unavailable, detail)
            : Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "Overloaded", detail);
    }

    public void Dispose() => _limiter.Dispose();
}
