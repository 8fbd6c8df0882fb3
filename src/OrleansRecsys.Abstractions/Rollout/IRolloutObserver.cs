using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Receives rollout plan changes pushed by a coordinator.</summary>
[Alias("recsys.IRolloutObserver")]
public interface IRolloutObserver : IGrainObserver
{
    [Alias("PlanChanged"), OneWay] Task PlanChangedAsync(RolloutPlan plan);
}
