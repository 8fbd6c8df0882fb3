namespace OrleansRecsys.Grains.Catalog;

/// <summary>The persisted grid catalogue: the stored document, or null before the first silo published its own.</summary>
[GenerateSerializer, Alias("recsys.FeatureCatalogState")]
internal sealed class FeatureCatalogState
{
    [Id(0)] public CatalogDocumentInfo? Current { get; set; }
}
