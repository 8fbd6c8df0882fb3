using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// Per-silo cache of rollout plans. Requests read it and never call the coordinator; coordinators push
/// changes to every silo's observer, and a periodic pull is the safety net for lost pushes.
/// </summary>
internal sealed class RolloutPlanCache(IGrainFactory grains, ILogger<RolloutPlanCache> logger) : IRolloutObserver
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
            Apply(plan);
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

    public Task PlanChangedAsync(RolloutPlan plan)
    {
        Apply(plan);
        return Task.CompletedTask;
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
                    Apply(plan);
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
