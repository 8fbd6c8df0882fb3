namespace OrleansRecsys.Grains.Batch;

/// <summary>What became of one user in a batch run: the <c>outcome</c> label of <c>recsys_batch_users_total</c>.</summary>
internal static class BatchOutcomes
{
    /// <summary>Scored and stored.</summary>
    public const string Done = "done";

    /// <summary>Scoring or storing failed; the user keeps their previous list.</summary>
    public const string Failed = "failed";

    public static readonly string[] All = [Done, Failed];
}
