namespace OrleansRecsys.Features;

/// <summary>How a read found a feature's value.</summary>
public enum FeatureStatus
{
    /// <summary>Written, and younger than the feature's TTL (or the feature has none).</summary>
    Present,

    /// <summary>Written, but last changed longer ago than the feature's TTL: a model reads the fallback value instead.</summary>
    Expired,

    /// <summary>Never written for this entity (or, for a cross feature, for one side of the pair).</summary>
    Missing,
}
