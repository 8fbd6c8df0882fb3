using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Canary rollout and multi-arm experiments of one model (key: model name).</summary>
[Alias("recsys.IRolloutCoordinatorGrain")]
public interface IRolloutCoordinatorGrain : IGrainWithStringKey
{
    [Alias("GetPlan"), AlwaysInterleave] ValueTask<RolloutPlan?> GetPlanAsync();
    [Alias("Initialize")] Task<RolloutResult> InitializeAsync(string stable, string who, string reason);
    [Alias("Update")] Task<RolloutResult> UpdateAsync(RolloutUpdate update, string who);
    [Alias("Promote")] Task<RolloutResult> PromoteAsync(long revision, string reason, string who);
    [Alias("Rollback")] Task<RolloutResult> RollbackAsync(long revision, string reason, string who);
    /// <summary>Appends an entry to the history without changing the plan (its revision, before and after are the current
    /// plan's): how the autopilot records each step of a retraining run.</summary>
    [Alias("Audit")] Task AuditAsync(string action, string why, string who);
    /// <summary>Sets the experiment's arms (their versions, order and weights), shadows and guardrails.</summary>
    [Alias("SetArms")] Task<RolloutResult> SetArmsAsync(RolloutArmsUpdate update, string who);
    /// <summary>Makes one arm of the plan at <paramref name="revision"/> the stable version and ends every other arm.</summary>
    [Alias("PromoteArm")] Task<RolloutResult> PromoteArmAsync(long revision, string version, string reason, string who);
    /// <summary>Ends one arm of the plan at <paramref name="revision"/>; the other arms keep their weights.</summary>
    [Alias("RemoveArm")] Task<RolloutResult> RemoveArmAsync(long revision, string version, string reason, string who);
    [Alias("History"), AlwaysInterleave] ValueTask<RolloutChange[]> GetHistoryAsync();
    // Subscribing only adds to an in-memory list, so it must not queue behind a plan write in flight.
    [Alias("Subscribe"), AlwaysInterleave] Task SubscribeAsync(IRolloutObserver observer);
    [Alias("Report")] Task ReportAsync(VariantStats[] stats);
    [Alias("Guardrails"), AlwaysInterleave] ValueTask<GuardrailReport?> GetGuardrailReportAsync();
    /// <summary>The guardrails' judgement of every arm against the stable version, in the plan's arm order.</summary>
    [Alias("ArmGuardrails"), AlwaysInterleave] ValueTask<GuardrailReport[]> GetArmGuardrailReportsAsync();
}
