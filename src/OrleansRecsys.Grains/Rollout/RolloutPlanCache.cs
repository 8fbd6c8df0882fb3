using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// Per-silo cache of rollout plans. Requests read it and never call the coordinator; coordinators push
/// changes to every silo's observer, and a periodic pull is the safety net for lost pushes. A revision is adopted
/// only after every version it names (stable, canary, shadows) is loaded and warmed in this silo, so the first
/// requests routed to a new canary or shadow find a warm session; until then this silo keeps routing by the
/// revision it has.
/// </summary>
internal sealed class RolloutPlanCache(IGrainFactory grains, ModelSessionCache sessions, ILogger<RolloutPlanCache> logger) : IRolloutObserver
{
    private readonly ConcurrentDictionary<string, RolloutPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<RolloutPlan?>> _loading = new(StringComparer.Ordinal);
    private IRolloutObserver? _self;

    /// <summary>The cached plan, loading (and subscribing) on first use of a model.</summary>
    public ValueTask<RolloutPlan?> GetAsync(string model)
    {
        if (_plans.TryGetValue(model, out var plan))
        {
            return ValueTask.FromResult<RolloutPlan?>(plan);
        }

        return new ValueTask<RolloutPlan?>(_loading.GetOrAdd(model, LoadAsync));
    }

    private async Task<RolloutPlan?> LoadAsync(string model)
    {
        try
        {
            var coordinator = grains.GetGrain<IRolloutCoordinatorGrain>(model);
            var plan = await coordinator.GetPlanAsync();
            if (plan?.Stable is null)
            {
                // Unknown models are not cached, so arbitrary names cannot grow memory.
                return plan;
            }

            await coordinator.SubscribeAsync(await SelfAsync());
            await AdoptAsync(plan);
            return _plans.TryGetValue(model, out var latest) ? latest : plan;
        }
        finally
        {
            _loading.TryRemove(model, out _);
        }
    }

    /// <summary>
    /// The observer reference. It must be created outside any grain's context, so the first creation runs on the
    /// thread pool (requests arrive inside the ranking grain).
    /// </summary>
    private async ValueTask<IRolloutObserver> SelfAsync() =>
        _self ??= await Task.Run(() => grains.CreateObjectReference<IRolloutObserver>(this));

    /// <summary>Keeps the newest revision only, so a late push never overwrites a newer plan.</summary>
    public void Apply(RolloutPlan plan) =>
        _plans.AddOrUpdate(plan.Model, plan, (_, old) => plan.Revision >= old.Revision ? plan : old);

    /// <summary>Loads and warms the plan's versions, then adopts it (unless a newer revision got here first).</summary>
    public async Task AdoptAsync(RolloutPlan plan)
    {
        if (_plans.TryGetValue(plan.Model, out var current) && current.Revision >= plan.Revision)
        {
            return;
        }

        foreach (var version in RolloutPlanVersions.Of(plan))
        {
            var (loaded, error) = await sessions.GetAsync(plan.Model, version);
            if (loaded is null)
            {
                // Adopted anyway: the coordinator checked the version loads, and holding the old revision would quietly
                // route canary users to stable. Its requests fall back (model_unhealthy) and readiness reports it.
                logger.LogWarning("Adopting rollout revision {Revision} of {Model} although {Version} does not load here: {Error}",
                    plan.Revision, plan.Model, version, error);
                continue;
            }

            // Activates this silo's scoring grain for the version too (a stateless worker, so it is local).
            await grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(plan.Model, version).ToString()).GetHealthErrorAsync();
        }

        Apply(plan);
    }

    /// <summary>A push from the coordinator: answered at once, adopted once this silo has warmed its versions.</summary>
    public Task PlanChangedAsync(RolloutPlan plan)
    {
        _ = AdoptInBackgroundAsync(plan);
        return Task.CompletedTask;
    }

    private async Task AdoptInBackgroundAsync(RolloutPlan plan)
    {
        try
        {
            await Task.Run(() => AdoptAsync(plan));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Adopting pushed rollout revision {Revision} of {Model} failed; the periodic pull retries", plan.Revision, plan.Model);
        }
    }

    /// <summary>Pulls every cached model's plan and re-subscribes (observers are not durable).</summary>
    public async Task RefreshAsync(bool resubscribe)
    {
        foreach (var model in _plans.Keys)
        {
            try
            {
                var coordinator = grains.GetGrain<IRolloutCoordinatorGrain>(model);
                if (await coordinator.GetPlanAsync() is { } plan)
                {
                    await AdoptAsync(plan);
                }

                if (resubscribe)
                {
                    await coordinator.SubscribeAsync(await SelfAsync());
                }
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Refreshing the rollout plan of {Model} failed", model);
            }
        }
    }
}
