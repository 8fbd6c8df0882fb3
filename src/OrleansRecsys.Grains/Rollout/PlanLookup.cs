namespace OrleansRecsys.Grains.Rollout;

/// <summary>
/// What a silo knows of a model name: its plan when it has a stable version; otherwise whether the name is registered at
/// all (a registered model without a servable version falls back, a name never registered is the caller's mistake).
/// </summary>
internal readonly record struct PlanLookup(RolloutPlan? Plan, bool Registered)
{
    public static readonly PlanLookup Unknown = new(null, false);
}
