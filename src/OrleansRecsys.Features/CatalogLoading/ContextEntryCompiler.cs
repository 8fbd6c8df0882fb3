namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>
/// Compiles a context feature: a value the request brings (<c>type</c> <c>number</c> or <c>label</c>), so none of the
/// fields that describe how stored state is aggregated apply, and neither does a TTL (a request's context is always new).
/// </summary>
internal static class ContextEntryCompiler
{
    public static FeatureDefinition Compile(FeatureDefinitionJson entry, string name)
    {
        var shape = entry.Type switch
        {
            "number" => ValueShape.Number,
            "label" => ValueShape.Label,
            _ => throw Invalid(name, "type", $"must be number or label (got '{entry.Type}')"),
        };
        if (FirstStateField(entry) is { } field)
        {
            throw Invalid(name, field, "does not apply to context features, whose values come with each request");
        }

        if (entry.Default is { } value && (shape != ValueShape.Number || !double.IsFinite(value)))
        {
            throw Invalid(name, "default", "only a number context feature takes a default, and it must be finite");
        }

        return new FeatureDefinition(name, EntityKind.Context) { Shape = shape, DeclaredDefault = entry.Default };
    }

    /// <summary>The first field set that only a stored (user, item or cross) feature may have.</summary>
    private static string? FirstStateField(FeatureDefinitionJson entry) =>
        entry.Aggregation is not null ? "agg"
        : entry.Derived is not null ? "derived"
        : entry.Source is not null ? "source"
        : entry.Field is not null ? "field"
        : entry.Key is not null ? "key"
        : entry.EventTypes is not null ? "eventTypes"
        : entry.HalfLife is not null ? "halfLife"
        : entry.Ttl is not null ? "ttl"
        : entry.Cap is not null ? "cap"
        : null;

    private static CatalogException Invalid(string name, string field, string problem) => new($"feature '{name}', field '{field}': {problem}");
}
