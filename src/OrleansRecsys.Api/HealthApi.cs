using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Api;

public sealed record ReadinessReport(string Status, Dictionary<string, string> Checks);

/// <summary>Readiness: storage answers, Kafka answers, the default model's stable version is loaded.</summary>
public sealed class ReadinessCheck(IGrainFactory grains, KafkaBootstrap kafka)
{
    public string Model { get; set; } = ModelNames.Default;

    private sealed record Cached(ReadinessReport Report, DateTime At);

    private readonly SemaphoreSlim _one = new(1, 1);
    private volatile Cached? _last; // a reference, so readers never see a half-written pair

    /// <summary>The readiness report, computed at most once a second (the endpoint is open, so probes cannot pile up work).</summary>
    public async Task<ReadinessReport> CheckAsync()
    {
        if (_last is { } cached && DateTime.UtcNow - cached.At < TimeSpan.FromSeconds(1))
        {
            return cached.Report;
        }

        await _one.WaitAsync();
        try
        {
            if (_last is { } again && DateTime.UtcNow - again.At < TimeSpan.FromSeconds(1))
            {
                return again.Report;
            }

            var report = await ComputeAsync();
            _last = new Cached(report, DateTime.UtcNow);
            return report;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<ReadinessReport> ComputeAsync()
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        RolloutPlan? plan = null;
        try
        {
            plan = await grains.GetGrain<IRolloutCoordinatorGrain>(Model).GetPlanAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            checks["storage"] = "ok";
        }
        catch (Exception ex)
        {
            checks["storage"] = "failing: " + ex.GetType().Name;
            ok = false;
        }

        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.Servers, SocketTimeoutMs = 2000 }).Build();
            var md = admin.GetMetadata(TimeSpan.FromSeconds(2));
            checks["kafka"] = md.Brokers.Count > 0 ? "ok" : "no brokers";
            ok &= md.Brokers.Count > 0;
        }
        catch (KafkaException ex)
        {
            checks["kafka"] = "failing: " + ex.Error.Reason;
            ok = false;
        }

        if (plan?.Stable is null)
        {
            checks["model"] = $"'{Model}' has no stable version";
            ok = false;
        }
        else
        {
            var health = await grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(Model, plan.Stable).ToString()).GetHealthErrorAsync();
            checks["model"] = health is null ? $"{new ModelVersionKey(Model, plan.Stable)} loaded" : "failing: " + health;
            ok &= health is null;
        }

        return new ReadinessReport(ok ? "ready" : "not_ready", checks);
    }
}

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
