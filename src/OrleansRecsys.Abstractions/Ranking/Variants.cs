namespace OrleansRecsys;

/// <summary>
/// Which part of a model's rollout plan a version plays. A ranking answer (<see cref="RankResponse.Variant"/>) is
/// <see cref="Stable"/>, <see cref="Canary"/>, <see cref="None"/> or <see cref="Pinned"/>; a model report (<see cref="VariantReport.Variant"/>)
/// is <see cref="Stable"/>, <see cref="Canary"/>, <see cref="Shadow"/> or <see cref="Retired"/>. This is the complete set.
/// </summary>
public static class Variants
{
    /// <summary>The version most users are served by.</summary>
    public const string Stable = "stable";

    /// <summary>A version a sticky share of users is served by while it is tried out: the canary, or any arm of a
    /// multi-arm experiment (the version tells the arms apart).</summary>
    public const string Canary = "canary";

    /// <summary>A version that scores a copy of the traffic without its answers being served (reports only).</summary>
    public const string Shadow = "shadow";

    /// <summary>A version that served earlier in the report window but is no longer in the plan (reports only).</summary>
    public const string Retired = "retired";

    /// <summary>No model version served the answer (no rollout plan; ranking answers only).</summary>
    public const string None = "none";

    /// <summary>The caller pinned the version (an admin evaluating it; ranking answers only): outside the experiment, so it
    /// counts in no variant's statistics, guardrail or attribution.</summary>
    public const string Pinned = "pinned";

    /// <summary>Every variant.</summary>
    public static readonly IReadOnlyList<string> All = [Stable, Canary, Shadow, Retired, None, Pinned];
}
