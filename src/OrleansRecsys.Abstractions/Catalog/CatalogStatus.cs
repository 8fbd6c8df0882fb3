namespace OrleansRecsys;

/// <summary>The stored catalogue version (0 before any silo published one) and the version each reporting silo serves.</summary>
[GenerateSerializer, Immutable, Alias("recsys.CatalogStatus")]
public sealed record CatalogStatus(
    [Id(0)] int Version,
    [Id(1)] DateTimeOffset? AdoptedAt,
    [Id(2)] string? Who,
    [Id(3)] string[] Features,
    [Id(4)] CatalogSiloVersion[] Silos);
