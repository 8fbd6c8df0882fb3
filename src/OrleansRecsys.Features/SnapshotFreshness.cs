using OrleansRecsys.Features.State;

namespace OrleansRecsys.Features;

/// <summary>The freshness of every feature of one entity at a read: what a feature read reports next to the values.</summary>
public static class SnapshotFreshness
{
    public static Dictionary<string, FeatureFreshness> Of(IReadOnlyList<FeatureDefinition> features, EntityState state, long asOfMs)
    {
        var freshness = new Dictionary<string, FeatureFreshness>(features.Count, StringComparer.Ordinal);
        foreach (var feature in features)
        {
            var changedMs = ChangedMs(feature, state, asOfMs);
            freshness[feature.Name] = new FeatureFreshness(Freshness.NameOf(Freshness.StatusOf(feature, changedMs, asOfMs)), Freshness.AgeSeconds(changedMs, asOfMs));
        }

        return freshness;
    }

    /// <summary>When a feature of any shape last changed: a label when it was set, a keyed map or recent list at its newest entry.</summary>
    public static long ChangedMs(FeatureDefinition feature, EntityState state, long asOfMs)
    {
        switch (feature.Shape)
        {
            case ValueShape.Number:
                FeatureReader.Read(feature, state, asOfMs, out var changedMs);
                return changedMs;
            case ValueShape.Label:
                return state.TryGetLabelTime(feature.Name, out var labelMs) ? labelMs : FeatureReader.Never;
            case ValueShape.Keyed:
                return state.Keyed.TryGetValue(feature.Name, out var byKey) ? Newest(byKey.Values) : FeatureReader.Never;
            default:
                return state.Recent.TryGetValue(feature.Name, out var list) ? Newest(list) : FeatureReader.Never;
        }
    }

    private static long Newest(IEnumerable<Cell> cells)
    {
        var newest = FeatureReader.Never;
        foreach (var cell in cells)
        {
            newest = Math.Max(newest, cell.RefMs);
        }

        return newest;
    }

    private static long Newest(List<RecentKey> keys)
    {
        var newest = FeatureReader.Never;
        foreach (var key in keys)
        {
            newest = Math.Max(newest, key.LastSeenMs);
        }

        return newest;
    }
}
