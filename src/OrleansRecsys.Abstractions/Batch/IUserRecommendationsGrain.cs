namespace OrleansRecsys;

/// <summary>The precomputed recommendations of one user for one model (key: <see cref="UserRecommendationKeys.Of"/>), stored durably.</summary>
[Alias("recsys.IUserRecommendationsGrain")]
public interface IUserRecommendationsGrain : IGrainWithStringKey
{
    /// <summary>Keeps <paramref name="recommendations"/> unless newer ones are held; returns once they are written.</summary>
    [Alias("Store")] Task StoreAsync(PrecomputedRecommendations recommendations);

    [Alias("Get")] ValueTask<PrecomputedRecommendations?> GetAsync();
}
