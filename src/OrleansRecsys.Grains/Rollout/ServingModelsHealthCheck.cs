using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// Readiness of a silo's serving side: the default model has a stable version, and every version that a registered
/// model's current rollout plan routes to (stable, canary, shadows) is loaded and warmed in this silo's session cache.
/// Reading the plans through the silo's plan cache also subscribes it to their changes, so the first rank after ready
/// calls no coordinator, and once its versions are warm each model's request path is warmed too (<see cref="RankPathWarmup"/>).
/// Loads are started here when missing and finish in the background; the description names what is missing (the
/// endpoint shows it to authenticated callers only).
/// </summary>
internal sealed class ServingModelsHealthCheck(IGrainFactory grains, RolloutPlanCache plans, ModelSessionCache sessions, RankPathWarmup rankPath) : IHealthCheck
{
    public const string Name = "models";

    /// <summary>A probe answers within this; a load still running is reported as loading and keeps going.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = new List<string>();
        var listing = grains.GetGrain<IModelIndexGrain>(0).ListAsync().AsTask();
        if (await Task.WhenAny(listing, Task.Delay(Wait, cancellationToken)) != listing)
        {
            return HealthCheckResult.Unhealthy($"the model index did not answer within {Wait.TotalSeconds:F0} s");
        }

        var models = await listing;
        if (!models.Contains(ModelNames.Default))
        {
            // Not looked up in the plan cache: it would remember the name as unknown, and the first rank after the model
            // is registered would not find it for a while.
            missing.Add($"'{ModelNames.Default}' has no stable version");
        }

        foreach (var model in models)
        {
            await CheckModelAsync(model, missing);
        }

        return missing.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("; ", missing));
    }

    private async Task CheckModelAsync(string model, List<string> missing)
    {
        var planLoad = plans.GetAsync(model).AsTask();
        if (await Task.WhenAny(planLoad, Task.Delay(Wait)) != planLoad)
        {
            missing.Add($"'{model}': warming the rollout plan's versions");
            return;
        }

        if ((await planLoad)?.Stable is null)
        {
            if (model == ModelNames.Default)
            {
                missing.Add($"'{model}' has no stable version");
            }

            return;
        }

        // The cached plan is the revision this silo routes by; each of its versions must be warm here.
        var versions = RolloutPlanVersions.Of((await planLoad)!);
        var before = missing.Count;
        foreach (var version in versions)
        {
            if (await CheckVersionAsync(model, version) is { } problem)
            {
                missing.Add($"{new ModelVersionKey(model, version)}: {problem}");
            }
        }

        if (missing.Count == before && await CheckRequestPathAsync(model, versions) is { } pathProblem)
        {
            missing.Add($"'{model}': {pathProblem}");
        }
    }

    private async Task<string?> CheckRequestPathAsync(string model, IReadOnlyList<string> versions)
    {
        var warm = rankPath.WarmAsync(model, versions);
        if (await Task.WhenAny(warm, Task.Delay(Wait)) != warm)
        {
            return "warming the request path";
        }

        return warm.IsCompletedSuccessfully ? null : "warming the request path failed: " + warm.Exception?.GetBaseException().Message;
    }

    private async Task<string?> CheckVersionAsync(string model, string version)
    {
        if (sessions.IsLoaded(model, version))
        {
            return null;
        }

        var load = sessions.GetAsync(model, version).AsTask();
        if (await Task.WhenAny(load, Task.Delay(Wait)) != load)
        {
            return "loading";
        }

        var (loaded, error) = await load;
        return loaded is null ? "failing: " + error : null;
    }
}
