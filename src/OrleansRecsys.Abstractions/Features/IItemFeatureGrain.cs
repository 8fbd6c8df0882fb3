namespace OrleansRecsys;

/// <summary>Live features of one item (key: itemId).</summary>
[Alias("recsys.IItemFeatureGrain")]
public interface IItemFeatureGrain : IGrainWithStringKey
{
    /// <summary>All catalogue features of the item, evaluated at <paramref name="asOfMs"/> (Unix ms).</summary>
    [Alias("GetFeatures")] ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs);

    /// <summary>The same features with each one's freshness: status (present, expired, missing) and age at <paramref name="asOfMs"/>.</summary>
    [Alias("ReadFeatures")] ValueTask<FeatureRead> ReadFeaturesAsync(long asOfMs);
}
