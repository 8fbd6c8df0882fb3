namespace OrleansRecsys.Grains.Rollout;

/// <summary>The versions a rollout plan sends traffic to: stable, every arm (the canary is arm 0) and shadows, each once.</summary>
internal static class RolloutPlanVersions
{
    public static IReadOnlyList<string> Of(RolloutPlan plan)
    {
        var versions = new List<string>();
        void Add(string? version)
        {
            if (version is not null && !versions.Contains(version))
            {
                versions.Add(version);
            }
        }

        Add(plan.Stable);
        foreach (var arm in RolloutArms.Of(plan))
        {
            Add(arm.Version);
        }

        foreach (var shadow in plan.Shadow)
        {
            Add(shadow);
        }

        return versions;
    }
}
