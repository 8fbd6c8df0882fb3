namespace OrleansRecsys.Features;

/// <summary>
/// Decides whether a grid running <c>current</c> may move to <c>proposed</c> without downtime. Old model versions keep
/// serving with their manifest's feature list, so every feature a registered version reads must stay, computing what it
/// computed (its own definition and its inputs'). A stored aggregation never changes its computation under the same
/// name, needed or not: its state was built the old way, so a new computation is a new feature with a new name. A
/// feature new in the proposal declares <c>since</c> above the running version, which is what tells grains (and an
/// online backfill) which of their events it has not seen yet.
/// </summary>
public static class CatalogCompatibility
{
    public static CatalogChange Check(FeatureCatalog current, FeatureCatalog proposed, IEnumerable<ModelFeatureUse> inUse)
    {
        if (proposed.Version <= current.Version)
        {
            return proposed.Version == current.Version && SameFeatures(current, proposed)
                ? new CatalogChange(CatalogChangeKind.Unchanged)
                : new CatalogChange(CatalogChangeKind.StaleVersion,
                    $"feature catalogue, field 'version': must be above the running version {current.Version} (got {proposed.Version})");
        }

        return ModelBreak(current, proposed, inUse) ?? AggregationBreak(current, proposed) ?? NewFeatureBreak(current, proposed)
            ?? new CatalogChange(CatalogChangeKind.Adopt);
    }

    private static CatalogChange? ModelBreak(FeatureCatalog current, FeatureCatalog proposed, IEnumerable<ModelFeatureUse> inUse)
    {
        foreach (var use in inUse)
        {
            foreach (var name in use.Features)
            {
                if (!current.TryGet(name, out var before))
                {
                    continue; // registered against an older catalogue that never had it: not this change's doing
                }

                if (!proposed.TryGet(name, out var after))
                {
                    return Incompatible($"{use} needs feature '{name}', which catalogue version {proposed.Version} removes; retire {use} first");
                }

                if (DeepSignature(before) != DeepSignature(after))
                {
                    return Incompatible($"{use} needs feature '{name}', which catalogue version {proposed.Version} changes " +
                                        "(its definition or an input's); add the new definition under a new name");
                }
            }
        }

        return null;
    }

    private static CatalogChange? AggregationBreak(FeatureCatalog current, FeatureCatalog proposed)
    {
        foreach (var after in proposed.All)
        {
            if (after.Aggregation != AggregationKind.None && current.TryGet(after.Name, out var before) && before.Signature != after.Signature)
            {
                return Incompatible($"feature '{after.Name}': catalogue version {proposed.Version} changes what this stored aggregation computes; " +
                                    "its state was built the old way, so declare the new definition under a new name");
            }
        }

        return null;
    }

    private static CatalogChange? NewFeatureBreak(FeatureCatalog current, FeatureCatalog proposed)
    {
        foreach (var after in proposed.All)
        {
            if (after.Aggregation != AggregationKind.None && !current.TryGet(after.Name, out _) && after.Since <= current.Version)
            {
                return Incompatible($"feature '{after.Name}', field 'since': a feature new in catalogue version {proposed.Version} " +
                                    $"must declare since above the running version {current.Version} (got {after.Since})");
            }
        }

        return null;
    }

    private static bool SameFeatures(FeatureCatalog current, FeatureCatalog proposed) =>
        current.All.Count == proposed.All.Count && current.All.All(f => proposed.TryGet(f.Name, out var other) && DeepSignature(other) == DeepSignature(f));

    /// <summary>A feature's signature followed by its inputs', depth first (the catalogue has no cycles).</summary>
    internal static string DeepSignature(FeatureDefinition feature) =>
        string.Join("|", feature.Inputs().Select(DeepSignature).Prepend(feature.Signature));

    private static CatalogChange Incompatible(string error) => new(CatalogChangeKind.Incompatible, error);
}
