namespace OrleansRecsys;

/// <summary>Keys of <see cref="IUserRecommendationsGrain"/>: <c>{model}@{userId}</c> (a model name holds no '@').</summary>
public static class UserRecommendationKeys
{
    public static string Of(string model, string userId) => $"{model}@{userId}";
}
