using OrleansRecsys.Features.CatalogLoading;

namespace OrleansRecsys.Features;

/// <summary>
/// The feature catalogue: declared in configuration, validated at start and on every reload, and the single source of
/// truth for aggregation at ingestion, reads and vector building. A silo holds one instance for its whole life; a reload
/// (<see cref="Adopt"/>) swaps its contents in one reference write, so a reader that takes a list once per operation sees
/// one version throughout, never half of two.
/// </summary>
public sealed class FeatureCatalog
{
    private volatile CatalogContents _contents;

    private FeatureCatalog(CatalogContents contents) => _contents = contents;

    /// <summary>The version the catalogue document declares (1 when it declares none); a reload must raise it.</summary>
    public int Version => _contents.Version;

    /// <summary>The document this catalogue was read from, as given: what a grid-wide reload hands every silo.</summary>
    public string Text => _contents.Text;

    /// <summary>Replaces this catalogue's contents by <paramref name="next"/>'s (a reload). Definitions already handed out,
    /// such as the vector builders of loaded model versions, keep the definitions they were built with.</summary>
    public void Adopt(FeatureCatalog next) => _contents = next._contents;

    /// <summary>Every definition, in file order.</summary>
    public IReadOnlyList<FeatureDefinition> All => _contents.All;

    /// <summary>The features a request's context may give, by name.</summary>
    public IReadOnlyDictionary<string, FeatureDefinition> ContextFeatures => _contents.ContextFeatures;

    /// <summary>Every feature's name, in file order.</summary>
    public IReadOnlyList<string> Names => _contents.Names;

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
    internal static double EmptyValueOf(FeatureDefinition feature)
    {
        var blank = new State.EntityState();
        return feature.Entity switch
        {
            EntityKind.Cross => FeatureReader.ReadCross(feature, blank, string.Empty, blank, 0, out _),
            EntityKind.Context => 0,
            _ => FeatureReader.Read(feature, blank, 0, out _),
        };
    }

    public FeatureDefinition[] UserFeatures => _contents.UserFeatures;

    /// <summary>The item label feature that holds the category (used to enrich user events).</summary>
    public FeatureDefinition? ItemCategory => _contents.ItemCategory;

    internal FeatureDefinition[] ItemFeatures => _contents.ItemFeatures;

    internal FeatureDefinition[] UserAggregations => _contents.UserAggregations;

    internal FeatureDefinition[] ItemAggregations => _contents.ItemAggregations;

    /// <summary>The aggregations of <paramref name="entity"/> fed by interactions that catalogue version <paramref name="since"/>
    /// added: what an online backfill of that version computes.</summary>
    public FeatureDefinition[] AddedBy(EntityKind entity, int since) =>
        (entity == EntityKind.User ? UserAggregations : ItemAggregations).Where(f => f.Since == since && f.Source == Topics.Interactions).ToArray();

    public bool TryGet(string name, out FeatureDefinition definition) => _contents.ByName.TryGetValue(name, out definition!);

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
        var document = CatalogDocumentReader.Read(json);
        var definitions = FeatureEntryCompiler.CompileAll(document.Features, document.Version);
        FeatureReferenceResolver.ResolveAll(definitions, document.Features);
        return new FeatureCatalog(new CatalogContents(definitions, document.Version, json));
    }
}
