namespace OrleansRecsys.Features.Candidates;

/// <summary>The sources recommend draws candidates from, as named in each answered item's <c>source</c>.</summary>
public static class CandidateSources
{
    /// <summary>Items other users interacted with close in time to the user's recent items.</summary>
    public const string CoVisitation = "covisitation";

    /// <summary>Popular items of the user's strongest categories.</summary>
    public const string Category = "category";

    /// <summary>Globally popular items.</summary>
    public const string Popular = "popular";
}
