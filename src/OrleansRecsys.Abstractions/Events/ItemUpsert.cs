namespace OrleansRecsys;

/// <summary>A validated item upsert (DESIGN.md §2).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ItemUpsert")]
public sealed record ItemUpsert(
    string ItemId,
    string? Category,
    double? Price,
    string[] Tags,
    long TsMs);
