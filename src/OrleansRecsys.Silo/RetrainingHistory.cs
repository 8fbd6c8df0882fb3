using OrleansRecsys.Features;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Training;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Silo;

/// <summary>
/// The interaction log as the autopilot trains and gates on it: every item upsert and interaction still retained in
/// Kafka (<c>recsys.items</c>, <c>recsys.interactions</c>) with an event time before a run's end, through the grid's own
/// parser, in event-time order. The whole retained log is read, so early events still build the features of later rows.
/// </summary>
internal sealed class RetrainingHistory(KafkaBootstrap kafka)
{
    /// <summary>History is old by definition: nothing is refused as being ahead of a clock.</summary>
    private const long NoFutureLimit = long.MaxValue / 2;

    public EventHistory Read(long untilMs, CancellationToken ct)
    {
        var events = new List<HistoryEvent>();
        foreach (var message in KafkaTopicReader.ReadAll(kafka.Clients, Topics.Items, null, ct))
        {
            if (EventParser.ParseItem(message, NoFutureLimit).Value is { } item && item.TsMs < untilMs)
            {
                events.Add(HistoryEvent.Of(item));
            }
        }

        foreach (var message in KafkaTopicReader.ReadAll(kafka.Clients, Topics.Interactions, null, ct))
        {
            if (EventParser.ParseInteraction(message, NoFutureLimit).Value is { } interaction && interaction.TsMs < untilMs)
            {
                events.Add(HistoryEvent.Of(interaction));
            }
        }

        ct.ThrowIfCancellationRequested();
        return EventHistory.FromEvents(events);
    }
}
