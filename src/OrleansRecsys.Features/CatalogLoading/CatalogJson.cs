namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>The catalogue file as written in <c>silo-config/features.json</c>.</summary>
internal sealed class CatalogJson
{
    /// <summary>The catalogue's version: 1 or more, raised by every change a grid adopts; absent reads as 1.</summary>
    public int? Version { get; set; }

    public List<FeatureDefinitionJson> Features { get; set; } = [];
}
