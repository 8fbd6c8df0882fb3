namespace OrleansRecsys;

/// <summary>Why an answer has its source (<see cref="RecommendationsResponse.Reason"/>). This is the complete set.</summary>
public static class RecommendationReasons
{
    /// <summary>Precomputed, and younger than the freshness bound.</summary>
    public const string Fresh = "fresh";

    /// <summary>Online: the precomputed list is older than the freshness bound.</summary>
    public const string Stale = "stale";

    /// <summary>Online: no batch run has computed a list for the user and model.</summary>
    public const string Missing = "missing";

    /// <summary>Online: the precomputed list is shorter than the k asked for.</summary>
    public const string TooShort = "too_short";

    /// <summary>Popular: the grid has seen no interaction of the user.</summary>
    public const string NoHistory = "no_history";

    public static readonly IReadOnlyList<string> All = [Fresh, Stale, Missing, TooShort, NoHistory];
}
