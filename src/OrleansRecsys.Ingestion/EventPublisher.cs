using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// The grid's Kafka producer: validated HTTP events, dead letters, prediction log records and precomputed recommendations.
/// Idempotent, acks=all.
/// </summary>
public sealed class EventPublisher : IDisposable
{
    /// <summary>Dead letters above this size keep only their first <see cref="DeadLetterKeptBytes"/> bytes (header <c>truncated</c>),
    /// so a message too large for the dead-letter topic can never stall its partition.</summary>
    public const int MaxDeadLetterBytes = 512 * 1024;
    public const int DeadLetterKeptBytes = 64 * 1024;

    private readonly IProducer<string, byte[]> _producer;
    private readonly RecsysMetrics _metrics;
    private int _disposed;

    public EventPublisher(KafkaBootstrap bootstrap, RecsysMetrics metrics, ILogger<EventPublisher> logger)
    {
        _metrics = metrics;
        var config = bootstrap.Clients.Producer();
        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        config.LingerMs = 2;
        config.MessageTimeoutMs = 10_000;
        // Connection errors (TLS handshake, SASL authentication) are logged here: a produce would only say it timed out.
        _producer = new ProducerBuilder<string, byte[]>(config)
            .SetErrorHandler((_, e) => logger.LogWarning("Kafka producer error {Code}: {Reason}", e.Code, e.Reason))
            .Build();
    }

    /// <summary>Publishes many messages and waits until Kafka acknowledged all of them.</summary>
    public async Task ProduceAllAsync(string topic, IReadOnlyList<(string Key, byte[] Value)> messages, CancellationToken ct = default)
    {
        if (await ProduceEachAsync(topic, messages, ct) is { Count: > 0 } failures)
        {
            throw new KafkaException(new Error(Confluent.Kafka.ErrorCode.Local_Fail, $"{failures.Count} of {messages.Count} messages were not acknowledged: {failures[0].Reason}"));
        }
    }

    /// <summary>Publishes many messages and waits for every acknowledgement; answers the positions Kafka did not
    /// acknowledge, with the reason, so a caller can report each message's outcome. Cancellation still throws.</summary>
    public async Task<List<(int Index, string Reason)>> ProduceEachAsync(string topic, IReadOnlyList<(string Key, byte[] Value)> messages, CancellationToken ct = default)
    {
        var tasks = new Task[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            tasks[i] = ProduceOneAsync(topic, messages[i], ct);
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (KafkaException)
        {
            // Each task is looked at below.
        }

        var failures = new List<(int, string)>();
        for (var i = 0; i < tasks.Length; i++)
        {
            if (tasks[i].Exception?.InnerException is KafkaException ex)
            {
                failures.Add((i, ex.Error.Reason));
            }
        }

        return failures;
    }

    private async Task ProduceOneAsync(string topic, (string Key, byte[] Value) message, CancellationToken ct)
    {
        try
        {
            await _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = message.Key, Value = message.Value }, ct);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            throw new KafkaException(ex.Error);
        }
    }

    public Task<DeliveryResult<string, byte[]>> DeadLetterAsync(ConsumeResult<string, byte[]> source, string reason, string detail) =>
        _producer.ProduceAsync(Topics.DeadLetter, DeadLetterMessage.From(source, reason, detail));

    /// <summary>Produces one prediction log record; best effort, so a full local queue never fails a ranking.</summary>
    public void ProducePrediction(string userId, byte[] record)
    {
        try
        {
            _producer.Produce(Topics.Predictions, new Message<string, byte[]> { Key = userId, Value = record });
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            _metrics.PredictionsDropped.Add(1);
        }
    }

    /// <summary>Produces one precomputed recommendation record; best effort (false when the local queue refused it).</summary>
    public bool ProduceRecommendation(string userId, byte[] record)
    {
        try
        {
            _producer.Produce(Topics.Recommendations, new Message<string, byte[]> { Key = userId, Value = record });
            return true;
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Flushes what is queued, then closes the producer; a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
