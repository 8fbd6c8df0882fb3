namespace OrleansRecsys.Features;

/// <summary>
/// The freshness rules: a value's age is the time from its last change to the read time; it is expired when that age
/// exceeds the feature's TTL. A value that was never written is missing, whatever the TTL.
/// </summary>
public static class Freshness
{
    /// <summary>Wire and HTTP names of the statuses.</summary>
    public const string Present = "present";

    public const string Expired = "expired";

    public const string Missing = "missing";

    public static FeatureStatus StatusOf(FeatureDefinition feature, long changedMs, long asOfMs)
    {
        if (changedMs == FeatureReader.Never)
        {
            return FeatureStatus.Missing;
        }

        return feature.TtlMs > 0 && asOfMs - changedMs > feature.TtlMs ? FeatureStatus.Expired : FeatureStatus.Present;
    }

    /// <summary>Seconds from the last change to the read time (0 for a change stamped after the read); null when missing.</summary>
    public static double? AgeSeconds(long changedMs, long asOfMs) =>
        changedMs == FeatureReader.Never ? null : Math.Max(0, asOfMs - changedMs) / 1000.0;

    public static string NameOf(FeatureStatus status) => status switch
    {
        FeatureStatus.Present => Present,
        FeatureStatus.Expired => Expired,
        _ => Missing,
    };
}
