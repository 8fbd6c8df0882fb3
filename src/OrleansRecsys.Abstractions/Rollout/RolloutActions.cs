namespace OrleansRecsys;

/// <summary>
/// What a rollout change did (<see cref="RolloutChange.Action"/>, and the <c>action</c> label of
/// <c>recsys_rollout_changes_total</c>). This is the complete set; an automatic rollback is a <see cref="Rollback"/>
/// by <c>system:guardrails</c>, and an arm the guardrails take out of an experiment that keeps other arms is a
/// <see cref="RemoveArm"/> by <c>system:guardrails</c>.
/// </summary>
public static class RolloutActions
{
    /// <summary>The first registered version of a model became its stable version.</summary>
    public const string Initialize = "initialize";

    /// <summary>The canary or the arms, their shares, the shadows or the guardrails were set.</summary>
    public const string Set = "set";

    /// <summary>The canary, or one arm, became the stable version (every other arm ended).</summary>
    public const string Promote = "promote";

    /// <summary>The canary, or every arm, was ended and the stable version kept.</summary>
    public const string Rollback = "rollback";

    /// <summary>One arm was ended; the other arms kept their weights.</summary>
    public const string RemoveArm = "remove_arm";

    /// <summary>A step of a retraining run by <c>autopilot</c>, or a retraining policy change: recorded in the history, the plan unchanged
    /// (not a plan change, so not in <see cref="All"/> and not counted in <c>recsys_rollout_changes_total</c>).</summary>
    public const string Retraining = "retraining";

    /// <summary>Every action that changes the plan.</summary>
    public static readonly IReadOnlyList<string> All = [Initialize, Set, Promote, Rollback, RemoveArm];
}
