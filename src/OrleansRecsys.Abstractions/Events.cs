namespace OrleansRecsys;

[GenerateSerializer, Alias("recsys.InteractionType")]
public enum InteractionType : byte
{
    View = 0,
    Click = 1,
    AddToCart = 2,
    Purchase = 3,
}

/// <summary>A validated interaction event (docs/design.md). <see cref="Category"/> is enrichment added by ingestion.</summary>
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

/// <summary>A validated item upsert (docs/design.md).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ItemUpsert")]
public sealed record ItemUpsert(
    string ItemId,
    string? Category,
    double? Price,
    string[] Tags,
    long TsMs);

/// <summary>
/// One event as a grain applies it: where it came from (topic/partition and offset) and what it is.
/// Exactly one of <see cref="Interaction"/> and <see cref="Upsert"/> is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.SourcedEvent")]
public sealed record SourcedEvent(string Source, long Offset, Interaction? Interaction, ItemUpsert? Upsert);

/// <summary>
/// A batch for one grain. <see cref="Expected"/> holds, per source, the highest offset this consumer already
/// applied to the grain since its last commit: a grain whose watermark is below it lost state (its silo died
/// before a flush) and must refuse the batch so the consumer rewinds.
/// </summary>
[GenerateSerializer, Immutable, Alias("recsys.ApplyBatch")]
public sealed record ApplyBatch(SourcedEvent[] Events, Dictionary<string, long> Expected);

[GenerateSerializer, Immutable, Alias("recsys.ApplyResult")]
public sealed record ApplyResult(int Applied, int Duplicates, bool LostState, string? Category, double Popularity, AttributedEvent[]? Attributed = null);

/// <summary>Per source, the highest offset the durable (flushed) state covers.</summary>
[GenerateSerializer, Immutable, Alias("recsys.FlushResult")]
public sealed record FlushResult(Dictionary<string, long> Durable);

public static class SourceKey
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, int Partition), string> Known = new();

    /// <summary>"topic/partition", one shared instance per source (every consumed message asks).</summary>
    public static string Of(string topic, int partition) =>
        Known.GetOrAdd((topic, partition), static k => string.Concat(k.Topic, "/", k.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
