namespace OrleansRecsys.Api;

/// <summary>
/// Where validated ingest batches go. The host wires the transport (Kafka in the grid's silos and gateways), so the
/// HTTP API neither knows nor references it.
/// </summary>
public interface IEventIntake
{
    /// <summary>Publishes every event to <paramref name="topic"/> and waits until all are durably accepted. A transport
    /// failure is reported in the result, not thrown; cancellation still throws.</summary>
    Task<IntakeResult> PublishAsync(string topic, IReadOnlyList<ValidatedEvent> events, CancellationToken cancellationToken);
}
