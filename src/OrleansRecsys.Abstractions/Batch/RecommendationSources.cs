namespace OrleansRecsys;

/// <summary>Where an answer of GET /v1/recommendations/{userId} came from (<see cref="RecommendationsResponse.Source"/>).</summary>
public static class RecommendationSources
{
    /// <summary>A batch run's list, fresh enough and long enough for the request.</summary>
    public const string Precomputed = "precomputed";

    /// <summary>Recommend ranked now, as POST /v1/recommend does.</summary>
    public const string Online = "online";

    /// <summary>The most popular items: the user has no history to rank for.</summary>
    public const string Popular = "popular";
}
