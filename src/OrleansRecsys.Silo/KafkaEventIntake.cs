using Confluent.Kafka;
using OrleansRecsys.Api;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Silo;

/// <summary>The HTTP API's event intake in the grid's hosts: validated batches go to Kafka through the shared
/// producer; a Kafka failure becomes an unavailable result (the API answers 503 with Retry-After).</summary>
internal sealed class KafkaEventIntake(EventPublisher publisher) : IEventIntake
{
    public async Task<IntakeResult> PublishAsync(string topic, IReadOnlyList<ValidatedEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.ProduceAllAsync(topic, events.Select(e => (e.Key, e.Value)).ToArray(), cancellationToken);
            return IntakeResult.Success;
        }
        catch (KafkaException ex)
        {
            return IntakeResult.Unavailable(ex.Error.Reason);
        }
    }
}
