namespace OrleansRecsys;

/// <summary>A validated item upsert, as read from the items topic (see docs/api.md for the JSON).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ItemUpsert")]
public sealed record ItemUpsert(
    string ItemId,
    string? Category,
    double? Price,
    string[] Tags,
    long TsMs);
