using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// A streamed event or upsert as the JSON entry the HTTP API would have received, so the consumer's parser validates it
/// and those bytes are what Kafka carries, whichever door it came in by. Only the fields the caller set are written: an
/// absent <c>ts</c> is refused as "ts is required", not read as 1970. Nothing a caller can send makes writing fail: a
/// non-finite number is written as a string, which the parser refuses naming the field.
/// </summary>
internal static class IngestJson
{
    public static IngestEntry Event(V1.Event message) =>
        new(Write(message, static (w, e) =>
        {
            w.WriteString("eventId", e.EventId);
            w.WriteString("userId", e.UserId);
            w.WriteString("itemId", e.ItemId);
            w.WriteString("type", e.Type);
            WriteTime(w, e.Ts);
            if (e.HasValue)
            {
                WriteNumber(w, "value", e.Value);
            }

            if (e.HasRequestId)
            {
                w.WriteString("requestId", e.RequestId);
            }
        }), IdOrNull(message.EventId));

    public static IngestEntry Item(V1.ItemUpsert message) =>
        new(Write(message, static (w, item) =>
        {
            w.WriteString("itemId", item.ItemId);
            if (item.HasCategory)
            {
                w.WriteString("category", item.Category);
            }

            if (item.HasPrice)
            {
                WriteNumber(w, "price", item.Price);
            }

            w.WriteStartArray("tags");
            foreach (var tag in item.Tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            WriteTime(w, item.Ts);
        }), IdOrNull(message.ItemId));

    private static byte[] Write<T>(T message, Action<Utf8JsonWriter, T> fields)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer, message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Epoch milliseconds, computed without <see cref="Timestamp.ToDateTimeOffset"/>, which throws on a time out of
    /// its range; the parser judges the value (a time far in the future is refused as such).</summary>
    private static void WriteTime(Utf8JsonWriter writer, Timestamp? ts)
    {
        if (ts is not null)
        {
            writer.WriteNumber("ts", unchecked((ts.Seconds * 1000) + (ts.Nanos / 1_000_000)));
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string? IdOrNull(string id) => id.Length == 0 ? null : id;
}
