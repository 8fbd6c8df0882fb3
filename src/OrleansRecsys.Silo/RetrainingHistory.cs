using Microsoft.Extensions.Logging;
using OrleansRecsys.Features;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Training;
using OrleansRecsys.Training.History;

namespace OrleansRecsys.Silo;

/// <summary>
/// The interaction log as the autopilot trains and gates on it, through the grid's own parser, in event-time order: the
/// interactions produced within a run's data window (from its training window's start to the run's start; Kafka seeks
/// each partition there by message time, so a long retained log is not re-read on every run), and every item upsert
/// still retained with an event time before the run's start (an item's attributes are state, whenever they were last set).
/// Features are therefore built from the window's interactions only: counts start at zero at the window's start.
/// </summary>
internal sealed class RetrainingHistory(KafkaBootstrap kafka, ILogger<RetrainingHistory> logger)
{
    /// <summary>History is old by definition: nothing is refused as being ahead of a clock.</summary>
    private const long NoFutureLimit = long.MaxValue / 2;

    /// <summary>The history of interactions produced in [<paramref name="fromMs"/>, <paramref name="untilMs"/>) with event times before <paramref name="untilMs"/>; a
    /// <paramref name="fromMs"/> of <see cref="long.MinValue"/> reads every interaction still retained.</summary>
    public EventHistory Read(long fromMs, long untilMs, CancellationToken ct)
    {
        var events = new List<HistoryEvent>();
        foreach (var message in KafkaTopicReader.ReadAll(kafka.Clients, Topics.Items, null, ct))
        {
            if (EventParser.ParseItem(message, NoFutureLimit).Value is { } item && item.TsMs < untilMs)
            {
                events.Add(HistoryEvent.Of(item));
            }
        }

        var tally = new TopicReadTally();
        foreach (var message in KafkaTopicReader.ReadWindow(kafka.Clients, Topics.Interactions, fromMs, untilMs, tally, ct))
        {
            if (EventParser.ParseInteraction(message, NoFutureLimit).Value is { } interaction && interaction.TsMs < untilMs)
            {
                events.Add(HistoryEvent.Of(interaction));
            }
        }

        ct.ThrowIfCancellationRequested();
        logger.LogInformation("Retraining history: {Kept} interactions of the window read from {Topic} ({PassedOver} fetched outside it), {Events} events in all",
            tally.Kept, Topics.Interactions, tally.PassedOver, events.Count);
        return EventHistory.FromEvents(events);
    }
}
