using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// Per-silo cache of rollout plans. Requests read it and never call the coordinator; coordinators push
/// changes to every silo's observer, and a periodic pull is the safety net for lost pushes. A revision is adopted
/// only after every version it names (stable, canary, shadows) is loaded and warmed in this silo, so the first
/// requests routed to a new canary or shadow find a warm session; until then this silo keeps routing by the
/// revision it has.
/// A name with no servable plan (never registered, or registered without a stable version) is remembered as such for
/// <see cref="GridOptions.UnknownModelCacheMs"/>, in a bounded map, so a caller repeating a typo costs one lookup per
/// name and silo in that time rather than one per request, and made-up names cannot grow memory.
/// </summary>
internal sealed class RolloutPlanCache(IGrainFactory grains, ModelSessionCache sessions, RecsysMetrics metrics, IOptions<GridOptions> options,
    ILogger<RolloutPlanCache> logger) : IRolloutObserver
{
    /// <summary>Until when (a <see cref="Stopwatch"/> timestamp) a name is known to have no servable plan, and whether it is registered.</summary>
    private readonly record struct Missing(long Until, bool Registered);

    private readonly ConcurrentDictionary<string, RolloutPlan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<PlanLookup>> _loading = new(StringComparer.Ordinal);
    private readonly ClockCache<string, Missing> _missing = new(options.Value.UnknownModelCacheCapacity, StringComparer.Ordinal);
    private readonly long _missingTicks = options.Value.UnknownModelCacheMs * Stopwatch.Frequency / 1000;
    private IRolloutObserver? _self;

    /// <summary>The cached plan, loading (and subscribing) on first use of a model; null when the model has no servable plan.</summary>
    public ValueTask<RolloutPlan?> GetAsync(string model) =>
        _plans.TryGetValue(model, out var plan) ? ValueTask.FromResult<RolloutPlan?>(plan) : PlanOf(LookupAsync(model));

    private static async ValueTask<RolloutPlan?> PlanOf(ValueTask<PlanLookup> lookup) => (await lookup).Plan;

    /// <summary>The cached plan, or what is known of a name without one (remembered for a short time).</summary>
    public ValueTask<PlanLookup> LookupAsync(string model)
    {
        if (_plans.TryGetValue(model, out var plan))
        {
            return ValueTask.FromResult(new PlanLookup(plan, true));
        }

        if (_missing.TryGet(model, out var missing) && Stopwatch.GetTimestamp() < missing.Until)
        {
            return ValueTask.FromResult(missing.Registered ? new PlanLookup(null, true) : PlanLookup.Unknown);
        }

        return new ValueTask<PlanLookup>(_loading.GetOrAdd(model, LoadAsync));
    }

    private async Task<PlanLookup> LoadAsync(string model)
    {
        try
        {
            // The index first: a name that was never registered activates no coordinator (one per made-up name otherwise).
            if (!(await grains.GetGrain<IModelIndexGrain>(0).ListAsync()).Contains(model))
            {
                return Remember(model, PlanLookup.Unknown, LookupResults.Unknown);
            }

            var coordinator = grains.GetGrain<IRolloutCoordinatorGrain>(model);
            var plan = await coordinator.GetPlanAsync();
            if (plan?.Stable is null)
            {
                return Remember(model, new PlanLookup(plan, true), LookupResults.NotServable);
            }

            metrics.ModelLookups.Add(1, new KeyValuePair<string, object?>("result", LookupResults.Servable));
            await coordinator.SubscribeAsync(await SelfAsync());
            await AdoptAsync(plan);
            return new PlanLookup(_plans.TryGetValue(model, out var latest) ? latest : plan, true);
        }
        finally
        {
            _loading.TryRemove(model, out _);
        }
    }

    /// <summary>Forgets that a name had no servable plan. A registration calls it in the registry's silo, which then
    /// serves the new model at once; other silos remember the name for the rest of <see cref="GridOptions.UnknownModelCacheMs"/>
    /// (they are not subscribed to a model they hold no plan for).</summary>
    public void ForgetMissing(string model)
    {
        if (_missing.ContainsKey(model))
        {
            _missing.Set(model, new Missing(0, true)); // expired: the next request looks the name up again
        }
    }

    private PlanLookup Remember(string model, PlanLookup lookup, string result)
    {
        metrics.ModelLookups.Add(1, new KeyValuePair<string, object?>("result", result));
        if (_missingTicks > 0)
        {
            _missing.Set(model, new Missing(Stopwatch.GetTimestamp() + _missingTicks, lookup.Registered));
        }

        return lookup;
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
