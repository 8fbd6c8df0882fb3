namespace OrleansRecsys;

/// <summary>The stored catalogue: its version, the document as proposed, when and by whom.</summary>
[GenerateSerializer, Immutable, Alias("recsys.CatalogDocumentInfo")]
public sealed record CatalogDocumentInfo([Id(0)] int Version, [Id(1)] string Document, [Id(2)] DateTimeOffset AdoptedAt, [Id(3)] string Who);
