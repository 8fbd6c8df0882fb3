namespace OrleansRecsys;

/// <summary>
/// The arms of a rollout plan and which of them serves a user. Weights are basis points of the
/// <see cref="RolloutMath.Bucket"/> range (0..9,999), and arms own consecutive ranges in the order the plan lists them:
/// <code>
/// start(i) = w(0) + … + w(i−1)        arm i serves bucket b  ⇔  start(i) ≤ b &lt; start(i) + w(i)
/// </code>
/// The stable version serves every bucket from the sum of all weights up to 9,999. A plan written with a single canary
/// has one arm, (Canary, round(CanaryPercent × 100)), which owns [0, threshold): exactly the canary's buckets.
/// A user keeps their bucket, so a user stays on an arm for as long as their bucket stays inside that arm's range: a
/// weight change moves only the users in the part of a range that is no longer the same arm's.
/// </summary>
public static class RolloutArms
{
    /// <summary>The most arms a plan holds (besides the stable version).</summary>
    public const int MaxArms = 8;

    /// <summary>The sum of all weights may not exceed the whole bucket range.</summary>
    public const int TotalWeight = RolloutMath.Buckets;

    /// <summary>The plan's arms in bucket order: its <see cref="RolloutPlan.Arms"/>, or its canary as the one arm, or none.</summary>
    public static RolloutArm[] Of(RolloutPlan plan) =>
        plan.Arms is { Length: > 0 } arms ? arms
        : plan.Canary is { } canary ? [new RolloutArm(canary, RolloutMath.Threshold(plan.CanaryPercent))]
        : [];

    /// <summary>How many arms the plan runs.</summary>
    public static int Count(RolloutPlan plan) => plan.Arms is { Length: > 0 } arms ? arms.Length : plan.Canary is null ? 0 : 1;

    /// <summary>Whether <paramref name="version"/> is one of the plan's arms.</summary>
    public static bool Contains(RolloutPlan plan, string version)
    {
        if (plan.Arms is not { Length: > 0 } arms)
        {
            return plan.Canary == version;
        }

        foreach (var arm in arms)
        {
            if (arm.Version == version)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The version of the arm that owns <paramref name="bucket"/>, or null when the stable version serves it (on the request path: no allocation).</summary>
    public static string? VersionAt(RolloutPlan plan, int bucket)
    {
        if (plan.Arms is not { Length: > 0 } arms)
        {
            return plan.Canary is not null && bucket < RolloutMath.Threshold(plan.CanaryPercent) ? plan.Canary : null;
        }

        var end = 0;
        foreach (var arm in arms)
        {
            end += arm.Weight;
            if (bucket < end)
            {
                return arm.Version;
            }
        }

        return null;
    }

    /// <summary>Whether any arm has users, so routing needs a user's bucket at all.</summary>
    public static bool Any(RolloutPlan plan) => plan.Arms is { Length: > 0 } || plan.Canary is not null;

    /// <summary>An arm's weight as the canary share in percent (two decimals, exactly).</summary>
    public static decimal Percent(int weight) => weight / 100m;

    /// <summary>
    /// The shape of an arms list, on its own: at most <see cref="MaxArms"/> arms, each a valid, distinct version with a
    /// weight of 0..10,000 basis points, all weights adding up to at most 10,000. Whether a version is registered, or is
    /// already the stable or a shadow, depends on the plan and is checked by the coordinator.
    /// </summary>
    public static RuleViolation? Validate(IReadOnlyList<RolloutArm?> arms)
    {
        if (arms.Count > MaxArms)
        {
            return new RuleViolation("arms", $"at most {MaxArms} arms (got {arms.Count})");
        }

        var sum = 0L;
        for (var i = 0; i < arms.Count; i++)
        {
            if (ValidateArm(arms, i) is { } bad)
            {
                return bad;
            }

            sum += arms[i]!.Weight;
        }

        return sum <= TotalWeight
            ? null
            : new RuleViolation("arms", $"the arms' weights add up to {sum} basis points; at most {TotalWeight} (100 %)");
    }

    private static RuleViolation? ValidateArm(IReadOnlyList<RolloutArm?> arms, int i)
    {
        if (arms[i] is not { } arm)
        {
            return new RuleViolation($"arms[{i}]", $"arms[{i}] must be an object with a version and a weight");
        }

        if (!ModelNames.IsValid(arm.Version))
        {
            return new RuleViolation($"arms[{i}].version", $"arms[{i}].version must match {ModelNames.PatternDescription}");
        }

        if (arm.Weight is < 0 or > TotalWeight)
        {
            return new RuleViolation($"arms[{i}].weight", $"arms[{i}].weight must be 0..{TotalWeight} basis points (got {arm.Weight})");
        }

        for (var j = 0; j < i; j++)
        {
            if (arms[j]?.Version == arm.Version)
            {
                return new RuleViolation($"arms[{i}].version", $"arms[{i}].version '{arm.Version}' is already arms[{j}]");
            }
        }

        return null;
    }
}
