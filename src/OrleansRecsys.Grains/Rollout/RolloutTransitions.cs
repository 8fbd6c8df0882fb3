namespace OrleansRecsys.Grains.Rollout;

/// <summary>The next plan for each rollout action, as plain functions of the current plan (validation happens before).</summary>
internal static class RolloutTransitions
{
    /// <summary>A model's first plan: its first version is stable, no canary, no shadows, default guardrails.</summary>
    public static RolloutPlan Initial(string model, string stable) => new(model, stable, null, 0, [], model, new Guardrails(), 1);

    /// <summary>Shadows the update names, or else the current ones minus a version that becomes the canary.</summary>
    public static string[] ShadowsAfter(RolloutPlan current, RolloutUpdate update) =>
        update.Shadow ?? current.Shadow.Where(s => s != update.Canary).ToArray();

    public static RolloutPlan Updated(RolloutPlan current, RolloutUpdate update) => current with
    {
        Canary = update.Canary,
        CanaryPercent = update.Canary is null ? 0 : update.CanaryPercent,
        Shadow = ShadowsAfter(current, update),
        Guardrails = update.Guardrails ?? current.Guardrails,
        Revision = current.Revision + 1,
    };

    /// <summary>The plan after the canary ends: promoted to stable, or rolled back; either way it stops shadowing.</summary>
    public static RolloutPlan CanaryEnded(RolloutPlan current, bool promote) => current with
    {
        Stable = promote ? current.Canary : current.Stable,
        Canary = null,
        CanaryPercent = 0,
        Shadow = current.Shadow.Where(s => s != current.Canary).ToArray(),
        Revision = current.Revision + 1,
    };
}
