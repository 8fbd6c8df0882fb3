using OrleansRecsys.Features.CatalogLoading;

namespace OrleansRecsys.Features;

/// <summary>
/// The feature catalogue: declared in configuration, validated once at start, and the single source of truth for
/// aggregation at ingestion, reads and vector building.
/// </summary>
public sealed class FeatureCatalog
{
    private readonly Dictionary<string, FeatureDefinition> _byName;

    private FeatureCatalog(List<FeatureDefinition> all)
    {
        _byName = all.ToDictionary(f => f.Name, StringComparer.Ordinal);
        UserAggregations = all.Where(f => f.Entity == EntityKind.User && f.Aggregation != AggregationKind.None).ToArray();
        ItemAggregations = all.Where(f => f.Entity == EntityKind.Item && f.Aggregation != AggregationKind.None).ToArray();
        UserFeatures = all.Where(f => f.Entity == EntityKind.User).ToArray();
        ItemFeatures = all.Where(f => f.Entity == EntityKind.Item).ToArray();
        ItemCategory = all.FirstOrDefault(f => f.Entity == EntityKind.Item && f.Aggregation == AggregationKind.Last && f.Field == "category");
        Names = all.Select(f => f.Name).ToArray();
        ContextFeatures = all.Where(f => f.Entity == EntityKind.Context).ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var feature in all.Where(f => f.IsNumeric))
        {
            feature.EmptyValue = EmptyValueOf(feature);
        }
    }

    /// <summary>The features a request's context may give, by name.</summary>
    public IReadOnlyDictionary<string, FeatureDefinition> ContextFeatures { get; }

    /// <summary>Every feature's name, in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether each context entry is a context feature of this catalogue, given as its type (string for a label, number
    /// for a number); the first entry that is not, named as <c>context.KEY</c>, or null.</summary>
    public RuleViolation? CheckContext(ServingContext? context)
    {
        if (context is null)
        {
            return null;
        }

        foreach (var key in context.Labels.Keys)
        {
            if (CheckContextEntry(key, ValueShape.Label) is { } broken)
            {
                return broken;
            }
        }

        foreach (var key in context.Numbers.Keys)
        {
            if (CheckContextEntry(key, ValueShape.Number) is { } broken)
            {
                return broken;
            }
        }

        return null;
    }

    private RuleViolation? CheckContextEntry(string key, ValueShape given)
    {
        if (!ContextFeatures.TryGetValue(key, out var feature))
        {
            var declared = ContextFeatures.Count == 0 ? "none" : string.Join(", ", ContextFeatures.Keys.Order(StringComparer.Ordinal));
            return new RuleViolation($"context.{key}", $"context.{key} is not a context feature of the catalogue (declared: {declared})");
        }

        return feature.Shape == given
            ? null
            : new RuleViolation($"context.{key}", $"context.{key} must be a {(feature.Shape == ValueShape.Number ? "number" : "string")}");
    }

    /// <summary>What a feature reads for a user and an item that have no events at all.</summary>
    private static double EmptyValueOf(FeatureDefinition feature)
    {
        var blank = new State.EntityState();
        return feature.Entity switch
        {
            EntityKind.Cross => FeatureReader.ReadCross(feature, blank, string.Empty, blank, 0, out _),
            EntityKind.Context => 0,
            _ => FeatureReader.Read(feature, blank, 0, out _),
        };
    }

    public FeatureDefinition[] UserFeatures { get; }

    /// <summary>The item label feature that holds the category (used to enrich user events).</summary>
    public FeatureDefinition? ItemCategory { get; }

    internal FeatureDefinition[] ItemFeatures { get; }

    internal FeatureDefinition[] UserAggregations { get; }

    internal FeatureDefinition[] ItemAggregations { get; }

    public bool TryGet(string name, out FeatureDefinition definition) => _byName.TryGetValue(name, out definition!);

    /// <summary>Loads the catalogue file a silo is configured with.</summary>
    public static FeatureCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CatalogException($"feature catalogue '{path}' does not exist (Recsys:Grid:CatalogPath)");
        }

        return Parse(File.ReadAllText(path));
    }

    /// <summary>Reads the entries, checks and compiles each one, then resolves the references between them.</summary>
    public static FeatureCatalog Parse(string json)
    {
        var entries = CatalogDocumentReader.ReadEntries(json);
        var definitions = FeatureEntryCompiler.CompileAll(entries);
        FeatureReferenceResolver.ResolveAll(definitions, entries);
        return new FeatureCatalog(definitions);
    }
}
