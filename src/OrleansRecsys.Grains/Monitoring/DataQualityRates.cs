namespace OrleansRecsys.Grains.Monitoring;

/// <summary>The rates of a version's data-quality section, from its counts since the report began (unit-tested without a
/// cluster). Every rate is a share of <c>rows</c>, the values each input was served.</summary>
internal static class DataQualityRates
{
    /// <param name="fallbacks">Per input with any, its [expired, missing] values (<see cref="VersionServingDelta.FeatureFallbacks"/>).</param>
    /// <param name="quality">Per input with any, its [non-finite, out of range] values (<see cref="VersionServingDelta.DataQuality"/>).</param>
    /// <param name="manifest">Lists the inputs, in order, and their reference ranges; without it (a version the registry no
    /// longer knows) the inputs with counts are listed by name, without ranges.</param>
    public static VersionDataQuality Of(string version, string variant, ModelManifest? manifest, long rows,
        IReadOnlyDictionary<string, long[]> fallbacks, IReadOnlyDictionary<string, long[]> quality)
    {
        var features = manifest?.Features ?? fallbacks.Keys.Union(quality.Keys).Order(StringComparer.Ordinal).ToArray();
        var inputs = new InputQuality[features.Length];
        for (var i = 0; i < features.Length; i++)
        {
            var (expired, missing) = Pair(fallbacks, features[i]);
            var (nonFinite, outOfRange) = Pair(quality, features[i]);
            var range = manifest is null ? null : ReferenceRange.Of(manifest.ReferenceHistograms.GetValueOrDefault(features[i]));
            inputs[i] = new InputQuality(features[i], Rate(missing, rows), Rate(expired, rows), Rate(expired + missing, rows), Rate(nonFinite, rows),
                Rate(outOfRange, rows), range?.Low, range?.High);
        }

        return new VersionDataQuality(version, variant, rows, inputs);
    }

    /// <summary>A count as a share of the values served; 0 before any was, and never above 1.</summary>
    public static double Rate(long count, long rows) => rows <= 0 ? 0 : Math.Min(1, (double)count / rows);

    private static (long First, long Second) Pair(IReadOnlyDictionary<string, long[]> counts, string feature) =>
        counts.TryGetValue(feature, out var pair) && pair.Length >= 2 ? (pair[0], pair[1]) : (0, 0);
}
