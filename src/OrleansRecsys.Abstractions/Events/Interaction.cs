namespace OrleansRecsys;

/// <summary>A validated interaction event (DESIGN.md §2). <see cref="Category"/> is enrichment added by ingestion.</summary>
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
