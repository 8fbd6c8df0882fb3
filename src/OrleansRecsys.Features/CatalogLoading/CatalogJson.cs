namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>The catalogue file as written in <c>silo-config/features.json</c>.</summary>
internal sealed class CatalogJson
{
    public int Version { get; set; }

    public List<FeatureDefinitionJson> Features { get; set; } = [];
}
