using System.Text;
using OrleansRecsys.Features;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.Training.History;

/// <summary>
/// An interaction log read into memory and put in event-time order. Each line of the file is the JSON the grid
/// ingests: an interaction (it has a <c>userId</c>) or an item upsert; both pass the grid's own parser.
/// </summary>
public sealed class EventHistory
{
    /// <summary>History is old by definition: no event is refused as being ahead of a clock.</summary>
    private const long NoFutureLimit = long.MaxValue / 2;

    private EventHistory(List<HistoryEvent> events, int rejected)
    {
        Events = events;
        Rejected = rejected;
    }

    /// <summary>The events sorted by time; events with the same time keep their order in the file.</summary>
    public IReadOnlyList<HistoryEvent> Events { get; }

    /// <summary>Lines the grid's parser refused (they would have gone to the dead-letter topic).</summary>
    public int Rejected { get; }

    /// <summary>The time of the interaction at <paramref name="fraction"/> of all interactions, in time order (0.8: where the newest 20 % start).</summary>
    public long TimeAtFraction(double fraction)
    {
        var times = Events.Where(e => e.Interaction is not null).Select(e => e.TsMs).ToArray();
        if (times.Length == 0)
        {
            throw new InvalidDataException("the history holds no interactions");
        }

        return times[Math.Clamp((int)(times.Length * fraction), 0, times.Length - 1)];
    }

    public static EventHistory FromEvents(IEnumerable<HistoryEvent> events) => new(Sorted(events.ToList()), 0);

    public static EventHistory ReadJsonl(string path, IProgress<string>? progress = null)
    {
        var events = new List<HistoryEvent>();
        var rejected = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Parse(Encoding.UTF8.GetBytes(line)) is { } parsed)
            {
                events.Add(parsed);
            }
            else
            {
                rejected++;
            }

            if (events.Count % 250_000 == 0 && events.Count > 0)
            {
                progress?.Report($"read {events.Count} events from {path}");
            }
        }

        return new EventHistory(Sorted(events), rejected);
    }

    /// <summary>
    /// The messages of Kafka <paramref name="topics"/> (the grid's own, as ingestion reads them) read from their beginning
    /// to their end by assignment (the grid's offsets never move), keeping interactions whose event time lies in
    /// [<paramref name="fromMs"/>, <paramref name="toMs"/>] and item upserts up to <paramref name="toMs"/> (an item's
    /// attributes are state that the range's events need, however old). A topic's partitions interleave in time, so the
    /// events are sorted after reading, as a file's are.
    /// </summary>
    public static EventHistory ReadKafka(KafkaClientConfigs kafka, IReadOnlyList<string> topics, long fromMs, long toMs,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var events = new List<HistoryEvent>();
        var rejected = 0;
        foreach (var topic in topics)
        {
            foreach (var message in KafkaTopicReader.ReadAll(kafka, topic, progress, ct))
            {
                if (Parse(message) is not { } parsed)
                {
                    rejected++;
                }
                else if (parsed.TsMs <= toMs && (parsed.Interaction is null || parsed.TsMs >= fromMs))
                {
                    events.Add(parsed);
                }
            }
        }

        progress?.Report($"read {events.Count} events in range from {string.Join(", ", topics)}");
        return new EventHistory(Sorted(events), rejected);
    }

    /// <summary>An interaction when the line has a user, an item upsert otherwise; null when the grid would refuse it.</summary>
    private static HistoryEvent? Parse(byte[] utf8)
    {
        if (utf8.AsSpan().IndexOf("\"userId\""u8) >= 0)
        {
            var interaction = EventParser.ParseInteraction(utf8, NoFutureLimit);
            return interaction.Value is { } i ? HistoryEvent.Of(i) : null;
        }

        var item = EventParser.ParseItem(utf8, NoFutureLimit);
        return item.Value is { } u ? HistoryEvent.Of(u) : null;
    }

    /// <summary>A stable sort by event time (List.Sort is not stable, so the file position breaks ties).</summary>
    private static List<HistoryEvent> Sorted(List<HistoryEvent> events)
    {
        var order = new int[events.Count];
        var keys = new long[events.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = events[i].TsMs;
        }

        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var sorted = new List<HistoryEvent>(events.Count);
        foreach (var i in order)
        {
            sorted.Add(events[i]);
        }

        return sorted;
    }
}
