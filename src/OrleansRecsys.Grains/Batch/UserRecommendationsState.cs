namespace OrleansRecsys.Grains.Batch;

/// <summary>The persisted precomputed list of one user and model.</summary>
[GenerateSerializer, Alias("recsys.UserRecommendationsState")]
internal sealed class UserRecommendationsState
{
    [Id(0)] public PrecomputedRecommendations? Latest { get; set; }
}
