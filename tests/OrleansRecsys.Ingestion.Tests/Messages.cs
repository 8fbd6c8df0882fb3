using System.Text;
using Confluent.Kafka;
using OrleansRecsys.Features.State;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>Consumed messages and events built by hand, as the consumer would see them.</summary>
internal static class Messages
{
    public const long Now = 1_800_000_000_000;

    public static ConsumeResult<string, byte[]> Consumed(string topic, int partition, long offset, string json, string key = "k") =>
        Consumed(topic, partition, offset, Encoding.UTF8.GetBytes(json), key);

    public static ConsumeResult<string, byte[]> Consumed(string topic, int partition, long offset, byte[] value, string key = "k") => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(topic, partition, offset),
        Message = new Message<string, byte[]> { Key = key, Value = value },
    };

    public static string Interaction(string eventId, string userId, string itemId, string type = "click") =>
        $$"""{"eventId":"{{eventId}}","userId":"{{userId}}","itemId":"{{itemId}}","type":"{{type}}","ts":{{Now - 1000}}}""";

    public static string Upsert(string itemId, string category) =>
        $$"""{"itemId":"{{itemId}}","category":"{{category}}","price":10,"ts":{{Now - 1000}}}""";

    public static SourcedEvent Sourced(string source, long offset) =>
        new(source, offset, new Interaction(source + "#" + offset, "u", "i", InteractionType.Click, 1000 + offset, 0, null), null);
}
