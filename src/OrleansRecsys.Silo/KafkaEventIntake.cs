using Confluent.Kafka;
using OrleansRecsys.Api;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo;

/// <summary>The HTTP API's event intake in the grid's hosts: validated batches go to Kafka through the shared
/// producer; messages Kafka did not acknowledge are reported by position (the API answers 503 with each entry's
/// outcome and Retry-After).</summary>
internal sealed class KafkaEventIntake(EventPublisher publisher) : IEventIntake
{
    public async Task<IntakeResult> PublishAsync(string topic, IReadOnlyList<ValidatedEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            var failures = await publisher.ProduceEachAsync(topic, events.Select(e => (e.Key, e.Value)).ToArray(), cancellationToken);
            return failures.Count == 0 ? IntakeResult.Success : IntakeResult.Unavailable(failures.Select(f => f.Index).ToArray(), failures[0].Reason);
        }
        catch (KafkaException ex)
        {
            return IntakeResult.Unavailable(Enumerable.Range(0, events.Count).ToArray(), ex.Error.Reason);
        }
    }
}
