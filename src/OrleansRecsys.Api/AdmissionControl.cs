using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>
/// Load shedding for the serving routes (rank and recommend, <see cref="AdmissionOptions"/>): a concurrency limit whose
/// queue is bounded by time (<see cref="AdmissionQueueRule"/>), checked after the caller's and the route group's rate
/// limits and before the endpoint reads its body or calls the grid. A shed request costs a problem document: 503 with
/// <c>Retry-After</c> (a gRPC call: UNAVAILABLE, same header). Other routes pass untouched, so health checks, scrapes and
/// an operator's rollback get through a saturated process.
/// </summary>
internal sealed class AdmissionControl
{
    private readonly AdmissionOptions _options;
    private readonly RecsysMetrics _metrics;
    private readonly AdmissionGate _gate;
    private readonly string _retryAfter;

    public AdmissionControl(IOptions<AdmissionOptions> options, RecsysMetrics metrics, TimeProvider time)
    {
        _options = options.Value;
        _metrics = metrics;
        _gate = new AdmissionGate(_options, time);
        _retryAfter = _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        metrics.RegisterAdmission(() => _gate.InFlight, () => _gate.Waiting);
    }

    /// <summary>The gate's slots and queue (tests read how many wait).</summary>
    internal AdmissionGate Gate => _gate;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_options.Enabled || RouteGroups.Of(context) is not ({ } group and (RouteGroups.Rank or RouteGroups.Recommend)))
        {
            return next(context);
        }

        // Completes at once while a slot is free (the common case, kept free of an async wrapper: the slot is released
        // with the response); otherwise waits in the queue for as long as the rule allows, or is refused at once.
        var entering = _gate.EnterAsync(context.RequestAborted);
        return entering.IsCompletedSuccessfully ? Admit(context, next, entering.Result, group) : AdmitQueuedAsync(context, next, entering, group);
    }

    private Task Admit(HttpContext context, RequestDelegate next, string? refusal, string group)
    {
        switch (refusal)
        {
            case null:
                context.Response.RegisterForDispose(new SlotRelease(_gate));
                return next(context);
            case AdmissionGate.Abandoned:
                return Task.CompletedTask; // the caller has gone: nobody reads an answer
            default:
                return ShedAsync(context, group, refusal);
        }
    }

    private async Task AdmitQueuedAsync(HttpContext context, RequestDelegate next, Task<string?> entering, string group) =>
        await Admit(context, next, await entering, group);

    private Task ShedAsync(HttpContext context, string group, string reason)
    {
        _metrics.AdmissionShed.Add(1, new KeyValuePair<string, object?>("route", group), new KeyValuePair<string, object?>("reason", reason));
        context.Response.Headers.RetryAfter = _retryAfter;
        var detail = reason == AdmissionVerdict.RefusedQueueFull
            ? $"the server is serving as many {group} requests as it admits and its queue is full; retry after {_retryAfter} s"
            : $"the server is serving as many {group} requests as it admits and a turn would come too late; retry after {_retryAfter} s";
        return ServingPaths.IsGrpc(context)
            ? GrpcRefusal.WriteAsync(context, GrpcRefusal.Unavailable, detail)
            : Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "Overloaded", detail);
    }

    /// <summary>Gives the slot back once the response is done (registered for disposal with it).</summary>
    private sealed class SlotRelease(AdmissionGate gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
