namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>A catalogue document once read: its version and its entries, in file order.</summary>
internal sealed record CatalogDocument(int Version, IReadOnlyList<FeatureDefinitionJson> Features);
