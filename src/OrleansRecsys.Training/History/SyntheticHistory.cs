using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansRecsys.Features;

namespace OrleansRecsys.Training.History;

/// <summary>
/// The synthetic shop's history as an interaction log: every item's upsert, then whole sessions one after another,
/// in the JSON the grid ingests. It gives backfill, evaluation and their tests and benchmarks a log to read.
/// </summary>
public static class SyntheticHistory
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<HistoryEvent> Generate(SyntheticWorld world, long startMs, long minimumInteractions)
    {
        foreach (var upsert in world.ItemUpserts(startMs))
        {
            yield return HistoryEvent.Of(upsert);
        }

        long sequence = 0, written = 0;
        var ts = startMs + 1000;
        while (written < minimumInteractions)
        {
            var session = world.Session(world.NextUser(), ts, ref sequence);
            ts = session[^1].TsMs + 1000;
            foreach (var e in session)
            {
                written++;
                yield return HistoryEvent.Of(e);
            }
        }
    }

    /// <summary>Writes the events as JSON lines; returns how many lines were written.</summary>
    public static long WriteJsonl(string path, IEnumerable<HistoryEvent> events)
    {
        long lines = 0;
        using var stream = new BufferedStream(File.Create(path), 1 << 16);
        using var json = new Utf8JsonWriter(stream, WriterOptions);
        foreach (var e in events)
        {
            if (e.Interaction is { } i)
            {
                WriteInteraction(json, i);
            }
            else
            {
                WriteItem(json, e.Item!);
            }

            json.Flush();
            json.Reset();
            stream.WriteByte((byte)'\n');
            lines++;
        }

        return lines;
    }

    private static void WriteInteraction(Utf8JsonWriter json, Interaction i)
    {
        json.WriteStartObject();
        json.WriteString("eventId", i.EventId);
        json.WriteString("userId", i.UserId);
        json.WriteString("itemId", i.ItemId);
        json.WriteString("type", EventParser.TypeName(i.Type));
        json.WriteNumber("ts", i.TsMs);
        json.WriteNumber("value", i.Value);
        json.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter json, ItemUpsert u)
    {
        json.WriteStartObject();
        json.WriteString("itemId", u.ItemId);
        if (u.Category is { } category)
        {
            json.WriteString("category", category);
        }

        if (u.Price is { } price)
        {
            json.WriteNumber("price", price);
        }

        json.WriteStartArray("tags");
        json.WriteEndArray();
        json.WriteNumber("ts", u.TsMs);
        json.WriteEndObject();
    }
}
