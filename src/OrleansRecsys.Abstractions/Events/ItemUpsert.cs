namespace OrleansRecsys;

/// <summary>A validated item upsert, as read from the items topic (see docs/api.md for the JSON).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ItemUpsert")]
public sealed record ItemUpsert(
    [Id(0)] string ItemId,
    [Id(1)] string? Category,
    [Id(2)] double? Price,
    [Id(3)] string[] Tags,
    [Id(4)] long TsMs);
