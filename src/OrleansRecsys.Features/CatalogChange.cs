namespace OrleansRecsys.Features;

/// <summary>The verdict on a proposed catalogue version, with the reason when it is refused.</summary>
public sealed record CatalogChange(CatalogChangeKind Kind, string? Error = null);
