using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Canary rollout of one model (key: model name).</summary>
[Alias("recsys.IRolloutCoordinatorGrain")]
public interface IRolloutCoordinatorGrain : IGrainWithStringKey
{
    [Alias("GetPlan"), AlwaysInterleave] ValueTask<RolloutPlan?> GetPlanAsync();
    [Alias("Initialize")] Task<RolloutResult> InitializeAsync(string stable, string who, string reason);
    [Alias("Update")] Task<RolloutResult> UpdateAsync(RolloutUpdate update, string who);
    [Alias("Promote")] Task<RolloutResult> PromoteAsync(string reason, string who);
    [Alias("Rollback")] Task<RolloutResult> RollbackAsync(string reason, string who);
    [Alias("History"), AlwaysInterleave] ValueTask<RolloutChange[]> GetHistoryAsync();
    [Alias("Subscribe")] Task SubscribeAsync(IRolloutObserver observer);
    [Alias("Report")] Task ReportAsync(VariantStats[] stats);
}
