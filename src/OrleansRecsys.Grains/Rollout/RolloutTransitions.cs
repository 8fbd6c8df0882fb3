namespace OrleansRecsys.Grains.Rollout;

/// <summary>The next plan for each rollout action, as plain functions of the current plan (validation happens before).</summary>
internal static class RolloutTransitions
{
    /// <summary>A model's first plan: its first version is stable, no canary, no shadows, default guardrails.</summary>
    public static RolloutPlan Initial(string model, string stable) => new(model, stable, null, 0, [], model, new Guardrails(), 1);

    /// <summary>Shadows the update names, or else the current ones minus a version that becomes the canary.</summary>
    public static string[] ShadowsAfter(RolloutPlan current, RolloutUpdate update) =>
        update.Shadow ?? current.Shadow.Where(s => s != update.Canary).ToArray();

    /// <summary>Shadows the update names, or else the current ones minus every version that becomes an arm.</summary>
    public static string[] ShadowsAfter(RolloutPlan current, RolloutArmsUpdate update) =>
        update.Shadow ?? current.Shadow.Where(s => !update.Arms.Any(a => a.Version == s)).ToArray();

    /// <summary>A single-canary write: the canary is the plan's one arm, written in the canary fields alone.</summary>
    public static RolloutPlan Updated(RolloutPlan current, RolloutUpdate update) => current with
    {
        Canary = update.Canary,
        CanaryPercent = update.Canary is null ? 0 : update.CanaryPercent,
        Arms = null,
        Shadow = ShadowsAfter(current, update),
        Guardrails = update.Guardrails ?? current.Guardrails,
        Revision = current.Revision + 1,
    };

    /// <summary>An arms write: the arms as sent (an empty list ends the experiment), arm 0 mirrored in the canary fields.</summary>
    public static RolloutPlan ArmsSet(RolloutPlan current, RolloutArmsUpdate update) => WithArms(current, update.Arms) with
    {
        Shadow = ShadowsAfter(current, update),
        Guardrails = update.Guardrails ?? current.Guardrails,
        Revision = current.Revision + 1,
    };

    /// <summary>The plan after the canary ends: promoted to stable, or rolled back with every other arm; either way it stops shadowing.</summary>
    public static RolloutPlan CanaryEnded(RolloutPlan current, bool promote) => current with
    {
        Stable = promote ? current.Canary : current.Stable,
        Canary = null,
        CanaryPercent = 0,
        Arms = null,
        Shadow = current.Shadow.Where(s => !RolloutArms.Contains(current, s)).ToArray(),
        Revision = current.Revision + 1,
    };

    /// <summary>One arm becomes the stable version; every arm ends (the old stable version stops serving).</summary>
    public static RolloutPlan ArmPromoted(RolloutPlan current, string version) => CanaryEnded(current, promote: false) with { Stable = version };

    /// <summary>One arm ends; the others keep their order and weights (so arms listed after it move down the bucket range).</summary>
    public static RolloutPlan ArmRemoved(RolloutPlan current, string version) =>
        WithArms(current, RolloutArms.Of(current).Where(a => a.Version != version).ToArray()) with { Revision = current.Revision + 1 };

    /// <summary>The plan running <paramref name="arms"/>, with arm 0 in the canary fields (none: no canary).</summary>
    private static RolloutPlan WithArms(RolloutPlan current, RolloutArm[] arms) => arms.Length == 0
        ? current with { Canary = null, CanaryPercent = 0, Arms = null }
        : current with { Canary = arms[0].Version, CanaryPercent = RolloutArms.Percent(arms[0].Weight), Arms = arms };
}
