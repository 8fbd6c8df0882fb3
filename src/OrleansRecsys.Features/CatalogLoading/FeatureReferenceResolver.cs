namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>
/// Last step of loading a catalogue: a derived feature's references to other features are looked up and checked
/// (entity and shape), so reads follow a resolved definition instead of a name.
/// </summary>
internal sealed class FeatureReferenceResolver(Dictionary<string, FeatureDefinition> byName)
{
    /// <summary>Resolves every definition's references; <paramref name="entries"/> are the entries they were compiled from, in the same order.</summary>
    public static void ResolveAll(IReadOnlyList<FeatureDefinition> definitions, IReadOnlyList<FeatureDefinitionJson> entries)
    {
        CatalogCycles.ThrowIfAny(entries);
        var resolver = new FeatureReferenceResolver(definitions.ToDictionary(d => d.Name, StringComparer.Ordinal));
        for (var i = 0; i < definitions.Count; i++)
        {
            resolver.Resolve(definitions[i], entries[i]);
        }
    }

    private void Resolve(FeatureDefinition definition, FeatureDefinitionJson entry)
    {
        switch (definition.Derived)
        {
            case DerivedKind.SmoothedRatio:
                definition.Numerator = Find(definition, "numerator", entry.Numerator, definition.Entity, ValueShape.Number);
                definition.Denominator = Find(definition, "denominator", entry.Denominator, definition.Entity, ValueShape.Number);
                break;
            case DerivedKind.KeyShare:
                definition.UserInput = Find(definition, "user", entry.User, EntityKind.User, ValueShape.Keyed);
                definition.ItemInput = Find(definition, "item", entry.Item, EntityKind.Item, ValueShape.Label);
                break;
            case DerivedKind.SecsSinceKey:
                definition.UserInput = Find(definition, "user", entry.User, EntityKind.User, ValueShape.RecentList);
                break;
            case DerivedKind.LabelMatch:
                definition.ContextInput = Find(definition, "context", entry.Context, EntityKind.Context, ValueShape.Label);
                definition.ItemInput = Find(definition, "item", entry.Item, EntityKind.Item, ValueShape.Label);
                break;
            case DerivedKind.ValueToAverage:
                definition.ItemInput = Find(definition, "item", entry.Item, EntityKind.Item, ValueShape.Number);
                definition.UserSum = Find(definition, "sum", entry.Sum, EntityKind.User, ValueShape.Number);
                definition.UserCount = Find(definition, "count", entry.Count, EntityKind.User, ValueShape.Number);
                break;
        }
    }

    /// <summary>The aggregation <paramref name="field"/> names; it must be of the given entity and shape.</summary>
    private FeatureDefinition Find(FeatureDefinition definition, string field, string? name, EntityKind entity, ValueShape shape)
    {
        if (name is null || !byName.TryGetValue(name, out var referenced))
        {
            throw new CatalogException($"feature '{definition.Name}', field '{field}': refers to unknown feature '{name}'");
        }

        if (referenced.Entity != entity || referenced.Shape != shape || referenced.Derived != DerivedKind.None)
        {
            throw new CatalogException($"feature '{definition.Name}', field '{field}': '{name}' must be a {entity.ToString().ToLowerInvariant()} {shape.ToString().ToLowerInvariant()} aggregation");
        }

        return referenced;
    }
}
