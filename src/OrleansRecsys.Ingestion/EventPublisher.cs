using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OrleansRecsys.Grains;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// The grid's Kafka producer: validated HTTP events, dead letters, prediction log records and precomputed recommendations.
/// Idempotent, acks=all.
/// A produce that fails for a transient reason is tried again through <see cref="KafkaRetries"/>.
/// </summary>
public sealed class EventPublisher : IDisposable
{
    /// <summary>Dead letters above this size keep only their first <see cref="DeadLetterKeptBytes"/> bytes (header <c>truncated</c>),
    /// so a message too large for the dead-letter topic can never stall its partition.</summary>
    public const int MaxDeadLetterBytes = 512 * 1024;
    public const int DeadLetterKeptBytes = 64 * 1024;

    private readonly IProducer<string, byte[]> _producer;
    private readonly RecsysMetrics _metrics;
    private readonly KafkaRetries _retries;
    private int _disposed;

    /// <param name="retries">The produce retries; without them, the defaults of <see cref="KafkaRetryOptions"/>.</param>
    public EventPublisher(KafkaBootstrap bootstrap, RecsysMetrics metrics, ILogger<EventPublisher> logger, KafkaRetries? retries = null)
    {
        _metrics = metrics;
        _retries = retries ?? new KafkaRetries(Microsoft.Extensions.Options.Options.Create(new KafkaRetryOptions()), metrics);
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
            await _retries.ExecuteAsync(KafkaRetries.Produce,
                static async (call, token) => await call.Producer.ProduceAsync(call.Topic, new Message<string, byte[]> { Key = call.Key, Value = call.Value }, token),
                (Producer: _producer, Topic: topic, message.Key, message.Value), ct);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            throw new KafkaException(ex.Error);
        }
    }

    public Task<DeliveryResult<string, byte[]>> DeadLetterAsync(ConsumeResult<string, byte[]> source, string reason, string detail) =>
        _retries.ExecuteAsync(KafkaRetries.DeadLetter, static (call, _) => new ValueTask<DeliveryResult<string, byte[]>>(call.Producer.ProduceAsync(Topics.DeadLetter, call.Message)),
            (Producer: _producer, Message: DeadLetterMessage.From(source, reason, detail))).AsTask();

    /// <summary>Hands one prediction log record to the producer's local queue, without the retry pipeline: the common case,
    /// paid once per ranked response. False when the queue refused it for a transient reason (full), for
    /// <see cref="ProducePredictionAsync"/> to wait out; any other error is thrown.</summary>
    public bool TryProducePrediction(string userId, byte[] record)
    {
        try
        {
            _producer.Produce(Topics.Predictions, new Message<string, byte[]> { Key = userId, Value = record });
            return true;
        }
        catch (KafkaException ex) when (KafkaTransientErrors.IsTransient(ex))
        {
            return false;
        }
    }

    /// <summary>Produces one prediction log record; best effort: a full local queue is waited out with backoff (this runs
    /// on the log's own loop, never on a ranking), and a record that still does not fit is dropped and counted (false).</summary>
    public async ValueTask<bool> ProducePredictionAsync(string userId, byte[] record, CancellationToken ct = default)
    {
        try
        {
            await _retries.ExecuteAsync(KafkaRetries.Prediction, static (call, _) =>
            {
                call.Producer.Produce(Topics.Predictions, new Message<string, byte[]> { Key = call.UserId, Value = call.Record });
                return default;
            }, (Producer: _producer, UserId: userId, Record: record), ct);
            return true;
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            _metrics.PredictionsDropped.Add(1);
            return false;
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
