using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>
/// The autopilot of one model (key: model name): its retraining policy, its triggers and its runs, one at a time. A
/// reminder drives it, so it keeps watching (and resumes a run) after a restart.
/// </summary>
[Alias("recsys.IRetrainingGrain")]
public interface IRetrainingGrain : IGrainWithStringKey
{
    /// <summary>Activates the autopilot and starts its reminder when it has a policy (silos call it at start).</summary>
    [Alias("Ensure")] Task EnsureAsync();

    [Alias("Get"), AlwaysInterleave] ValueTask<RetrainingView> GetAsync();

    [Alias("Status"), AlwaysInterleave] ValueTask<RetrainingStatus> GetStatusAsync();

    /// <summary>Runs, newest first (the one in progress first).</summary>
    [Alias("Runs"), AlwaysInterleave] ValueTask<RetrainingRun[]> ListRunsAsync();

    /// <summary>Stores <paramref name="policy"/>, which then wins over the configured one, and audits the change.</summary>
    [Alias("SetPolicy")] Task<RetrainingResult> SetPolicyAsync(RetrainingPolicy policy, string reason, string who);

    /// <summary>Starts a run now, whatever the triggers say; refused while a run is in progress.</summary>
    [Alias("Trigger")] Task<RetrainingResult> TriggerAsync(string reason, string who);
}
