namespace OrleansRecsys;

/// <summary>Serves GET /v1/recommendations/{userId}: a silo-local stateless worker that picks the source (precomputed, online, popular).</summary>
[Alias("recsys.IRecommendationsGrain")]
public interface IRecommendationsGrain : IGrainWithIntegerKey
{
    [Alias("Get")] ValueTask<RecommendationsResponse> GetAsync(RecommendationsRequest request);
}
