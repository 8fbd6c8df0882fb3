namespace OrleansRecsys;

/// <summary>Live features of one user (key: userId).</summary>
[Alias("recsys.IUserFeatureGrain")]
public interface IUserFeatureGrain : IGrainWithStringKey
{
    /// <summary>All catalogue features of the user, evaluated at <paramref name="asOfMs"/> (Unix ms).</summary>
    [Alias("GetFeatures")] ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs);

    /// <summary>The same features with each one's freshness: status (present, expired, missing) and age at <paramref name="asOfMs"/>.</summary>
    [Alias("ReadFeatures")] ValueTask<FeatureRead> ReadFeaturesAsync(long asOfMs);
}
