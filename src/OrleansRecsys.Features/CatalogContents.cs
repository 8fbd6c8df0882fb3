namespace OrleansRecsys.Features;

/// <summary>One version of the catalogue, resolved and indexed once: what <see cref="FeatureCatalog"/> swaps on a reload.</summary>
internal sealed class CatalogContents
{
    public CatalogContents(List<FeatureDefinition> all, int version, string text)
    {
        All = all;
        Version = version;
        Text = text;
        ByName = all.ToDictionary(f => f.Name, StringComparer.Ordinal);
        UserAggregations = all.Where(f => f.Entity == EntityKind.User && f.Aggregation != AggregationKind.None).ToArray();
        ItemAggregations = all.Where(f => f.Entity == EntityKind.Item && f.Aggregation != AggregationKind.None).ToArray();
        UserFeatures = all.Where(f => f.Entity == EntityKind.User).ToArray();
        ItemFeatures = all.Where(f => f.Entity == EntityKind.Item).ToArray();
        ItemCategory = all.FirstOrDefault(f => f.Entity == EntityKind.Item && f.Aggregation == AggregationKind.Last && f.Field == "category");
        Names = all.Select(f => f.Name).ToArray();
        ContextFeatures = all.Where(f => f.Entity == EntityKind.Context).ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var feature in all.Where(f => f.IsNumeric))
        {
            feature.EmptyValue = FeatureCatalog.EmptyValueOf(feature);
        }
    }

    public List<FeatureDefinition> All { get; }

    public int Version { get; }

    public string Text { get; }

    public Dictionary<string, FeatureDefinition> ByName { get; }

    public FeatureDefinition[] UserAggregations { get; }

    public FeatureDefinition[] ItemAggregations { get; }

    public FeatureDefinition[] UserFeatures { get; }

    public FeatureDefinition[] ItemFeatures { get; }

    public FeatureDefinition? ItemCategory { get; }

    public string[] Names { get; }

    public Dictionary<string, FeatureDefinition> ContextFeatures { get; }
}
