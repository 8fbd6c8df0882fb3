using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Api;

/// <summary>
/// Readiness: storage answers, and every health check tagged <see cref="HealthCheckTags.Ready"/> passes. The host
/// registers those: Kafka answers (every host), this silo's consumer has been assigned its partitions and every
/// version of every rollout plan is loaded and warmed in this silo (silos), the default model's stable version loads
/// (gateways).
/// </summary>
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
        var storageReady = await CheckStorageAsync(checks);
        var registeredReady = await RunReadyHealthChecksAsync(checks);
        var failing = checks.Where(c => c.Value != "ok").Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        return new ReadinessReport(storageReady && registeredReady ? "ready" : "not_ready", failing, checks);
    }

    /// <summary>Storage answers when the default model's rollout plan can be read.</summary>
    private async Task<bool> CheckStorageAsync(Dictionary<string, string> checks)
    {
        try
        {
            await grains.GetGrain<IRolloutCoordinatorGrain>(Model).GetPlanAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            checks["storage"] = "ok";
            return true;
        }
        catch (Exception ex)
        {
            checks["storage"] = "failing: " + ex.GetType().Name;
            return false;
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
}
