namespace OrleansRecsys;

/// <summary>A validated interaction event, as read from the interactions topic (see docs/api.md for the JSON). <see cref="Category"/> is enrichment added by ingestion.</summary>
[GenerateSerializer, Immutable, Alias("recsys.Interaction")]
public sealed record Interaction(
    string EventId,
    string UserId,
    string ItemId,
    InteractionType Type,
    long TsMs,
    double Value,
    string? RequestId,
    string? Category = null);
