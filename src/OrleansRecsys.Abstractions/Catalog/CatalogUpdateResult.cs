namespace OrleansRecsys;

/// <summary>The answer to a proposed catalogue: its status, the reason when refused, and the version the grid now stores.</summary>
[GenerateSerializer, Immutable, Alias("recsys.CatalogUpdateResult")]
public sealed record CatalogUpdateResult([Id(0)] CatalogUpdateStatus Status, [Id(1)] string? Error, [Id(2)] int Version);
