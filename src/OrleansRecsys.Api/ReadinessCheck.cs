using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>Readiness: storage answers, every health check tagged <see cref="HealthCheckTags.Ready"/> passes (the host
/// registers them, e.g. Kafka), and the default model's stable version is loaded.</summary>
public sealed class ReadinessCheck(IGrainFactory grains, HealthCheckService healthChecks)
{
    private const string Model = ModelNames.Default;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private sealed record Cached(ReadinessReport Report, DateTime At);

    private readonly SemaphoreSlim _one = new(1, 1);
    private volatile Cached? _last; // a reference, so readers never see a half-written pair

    /// <summary>The readiness report, computed at most once a second (the endpoint is open, so probes cannot pile up work).</summary>
    public async Task<ReadinessReport> CheckAsync()
    {
        if (_last is { } cached && DateTime.UtcNow - cached.At < CacheFor)
        {
            return cached.Report;
        }

        await _one.WaitAsync();
        try
        {
            if (_last is { } again && DateTime.UtcNow - again.At < CacheFor)
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
        var (storageReady, plan) = await CheckStorageAsync(checks);
        var registeredReady = await RunReadyHealthChecksAsync(checks);
        var modelReady = await CheckModelAsync(plan?.Stable, checks);
        return new ReadinessReport(storageReady && registeredReady && modelReady ? "ready" : "not_ready", checks);
    }

    /// <summary>Storage answers when the default model's rollout plan can be read (it is needed next anyway).</summary>
    private async Task<(bool Ready, RolloutPlan? Plan)> CheckStorageAsync(Dictionary<string, string> checks)
    {
        try
        {
            var plan = await grains.GetGrain<IRolloutCoordinatorGrain>(Model).GetPlanAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            checks["storage"] = "ok";
            return (true, plan);
        }
        catch (Exception ex)
        {
            checks["storage"] = "failing: " + ex.GetType().Name;
            return (false, null);
        }
    }

    private async Task<bool> RunReadyHealthChecksAsync(Dictionary<string, string> checks)
    {
        var report = await healthChecks.CheckHealthAsync(registration => registration.Tags.Contains(HealthCheckTags.Ready));
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = entry.Status == HealthStatus.Healthy
                ? "ok"
                : entry.Description ?? "failing: " + (entry.Exception?.GetType().Name ?? entry.Status.ToString());
        }

        return report.Status == HealthStatus.Healthy;
    }

    private async Task<bool> CheckModelAsync(string? stableVersion, Dictionary<string, string> checks)
    {
        if (stableVersion is null)
        {
            checks["model"] = $"'{Model}' has no stable version";
            return false;
        }

        var key = new ModelVersionKey(Model, stableVersion);
        var health = await grains.GetGrain<IModelVersionGrain>(key.ToString()).GetHealthErrorAsync();
        checks["model"] = health is null ? $"{key} loaded" : "failing: " + health;
        return health is null;
    }
}
