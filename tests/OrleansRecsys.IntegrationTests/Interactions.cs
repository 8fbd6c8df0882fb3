using Confluent.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Writes generated interaction events (see <see cref="UserReference.Generate"/>) to the interactions topic.</summary>
internal static class Interactions
{
    /// <summary>Events per pause of <see cref="ProduceSteadilyAsync"/>: 500 events, then 50 ms, is about 6,000 events/s.</summary>
    private const int Burst = 500;

    public static IProducer<string, byte[]> Producer(string kafka, int lingerMs) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka, LingerMs = lingerMs }).Build();

    /// <summary>One event, keyed by its user (so a user's events share a partition), with <paramref name="eventId"/> as its id.</summary>
    public static void ProduceInteraction(this IProducer<string, byte[]> producer, string eventId, (string User, string Type, long Ts, double Value) e) =>
        producer.Produce(Topics.Interactions, new Message<string, byte[]> { Key = e.User, Value = UserReference.Json(eventId, e) });

    /// <summary>
    /// Produces <paramref name="events"/> (ids <paramref name="idPrefix"/>0, 1, ...) at about 6,000 events/s, so a
    /// test's disruption lands mid-stream, then flushes. When <paramref name="holdAt"/> is given, the event at that
    /// index waits for <paramref name="hold"/> first.
    /// </summary>
    public static async Task ProduceSteadilyAsync(IProducer<string, byte[]> producer, IReadOnlyList<(string User, string Type, long Ts, double Value)> events,
        string idPrefix, int holdAt = -1, Task? hold = null)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (i == holdAt && hold is not null)
            {
                await hold;
            }

            producer.ProduceInteraction(idPrefix + i, events[i]);
            if (i % Burst == Burst - 1)
            {
                await Task.Delay(50);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
