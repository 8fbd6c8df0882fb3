namespace OrleansRecsys;

/// <summary>A validated interaction event, as read from the interactions topic (see docs/api.md for the JSON). <see cref="Category"/> is enrichment added by ingestion.</summary>
[GenerateSerializer, Immutable, Alias("recsys.Interaction")]
public sealed record Interaction(
    [Id(0)] string EventId,
    [Id(1)] string UserId,
    [Id(2)] string ItemId,
    [Id(3)] InteractionType Type,
    [Id(4)] long TsMs,
    [Id(5)] double Value,
    [Id(6)] string? RequestId,
    [Id(7)] string? Category = null);
