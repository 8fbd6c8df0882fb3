namespace OrleansRecsys;

/// <summary>How a retraining run ended (<see cref="RetrainingRun.Outcome"/>, and the <c>outcome</c> label of <c>recsys_retraining_runs_total</c>).</summary>
public static class RetrainingOutcomes
{
    /// <summary>The candidate became the stable version.</summary>
    public const string Promoted = "promoted";

    /// <summary>The candidate reached the canary and was taken out: by the CTR decision, a guardrail, or someone.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>The candidate did worse than the stable on the hold-out (beyond the margin), or the hold-out was too small to tell.</summary>
    public const string GatedOut = "gated_out";

    /// <summary>A step could not be done (no data, a trainer error, a refused registration, a restart it could not resume).</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Promoted, RolledBack, GatedOut, Failed];
}
