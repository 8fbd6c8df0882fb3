namespace OrleansRecsys;

/// <summary>The catalogue version one silo serves, as it last reported.</summary>
[GenerateSerializer, Immutable, Alias("recsys.CatalogSiloVersion")]
public sealed record CatalogSiloVersion([Id(0)] string Silo, [Id(1)] int Version, [Id(2)] DateTimeOffset ReportedAt);
