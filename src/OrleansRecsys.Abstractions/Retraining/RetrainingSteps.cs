namespace OrleansRecsys;

/// <summary>
/// The steps of a retraining run, in order (<see cref="RetrainingRun.Step"/>, and the <c>step</c> label of
/// <c>recsys_retraining_step_seconds</c>). A run's step is written before the step is acted on, so a restarted silo
/// resumes it there.
/// </summary>
public static class RetrainingSteps
{
    /// <summary>History up to the hold-out is read and a candidate version is trained from it.</summary>
    public const string Training = "training";

    /// <summary>The candidate and the stable version are compared on the held-out history.</summary>
    public const string Gating = "gating";

    /// <summary>The candidate goes through the registry's validation into the model store.</summary>
    public const string Registering = "registering";

    /// <summary>The candidate is set as the canary through the rollout coordinator.</summary>
    public const string Canary = "canary";

    /// <summary>The canary serves its share while the guardrails watch; then the CTR difference decides.</summary>
    public const string Soaking = "soaking";

    /// <summary>The run is over (<see cref="RetrainingRun.Outcome"/> says how).</summary>
    public const string Done = "done";

    public static readonly IReadOnlyList<string> All = [Training, Gating, Registering, Canary, Soaking];
}
