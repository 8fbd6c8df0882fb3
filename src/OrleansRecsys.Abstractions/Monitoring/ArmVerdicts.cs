namespace OrleansRecsys;

/// <summary>The verdicts of <see cref="ArmComparison.Verdict"/>: the arm's CTR against the stable's after the Holm–Bonferroni correction. This is the complete set.</summary>
public static class ArmVerdicts
{
    /// <summary>The family-wise significance level of the comparisons (two-sided).</summary>
    public const double Alpha = 0.05;

    /// <summary>The arm or the stable version has no impressions yet: nothing to compare.</summary>
    public const string InsufficientData = "insufficient_data";

    /// <summary>The adjusted p-value is above <see cref="Alpha"/>.</summary>
    public const string NoSignificantDifference = "no_significant_difference";

    /// <summary>The arm's CTR is higher than the stable's, significant after the correction.</summary>
    public const string Better = "better";

    /// <summary>The arm's CTR is lower than the stable's, significant after the correction.</summary>
    public const string Worse = "worse";

    /// <summary>Every verdict.</summary>
    public static readonly IReadOnlyList<string> All = [InsufficientData, NoSignificantDifference, Better, Worse];
}
