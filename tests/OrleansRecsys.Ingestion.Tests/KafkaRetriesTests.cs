using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using OrleansRecsys.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace OrleansRecsys.Ingestion.Tests;

/// <summary>
/// The Kafka retry pipelines on injected faults (an operation that fails a set number of times), and the grid's real
/// producer against librdkafka's mock broker with a local queue of one message, where a burst of produces meets
/// <c>Local_QueueFull</c> and only retrying gets every message acknowledged.
/// </summary>
public sealed class KafkaRetriesTests : IDisposable
{
    private static readonly KafkaRetryOptions Fast = new() { MaxRetries = 3, BaseDelayMs = 1, MaxDelayMs = 5 };

    private readonly RecsysMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    private KafkaRetries Retries(KafkaRetryOptions options) => new(Options.Create(options), _metrics);

    private static ValueTask FailTimes(FaultyOperation op, CancellationToken _) => op.RunAsync();

    [Fact]
    public async Task A_transient_error_is_retried_until_the_operation_succeeds()
    {
        var op = new FaultyOperation(failures: 2, ErrorCode.Local_QueueFull);
        await Retries(Fast).ExecuteAsync(KafkaRetries.Produce, FailTimes, op);
        Assert.Equal(3, op.Attempts);
    }

    [Fact]
    public async Task A_permanent_error_is_not_retried()
    {
        var op = new FaultyOperation(failures: 1, ErrorCode.MsgSizeTooLarge);
        var error = await Assert.ThrowsAsync<KafkaException>(async () => await Retries(Fast).ExecuteAsync(KafkaRetries.Produce, FailTimes, op));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, error.Error.Code);
        Assert.Equal(1, op.Attempts);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_transient_error_surfaces()
    {
        var op = new FaultyOperation(failures: 100, ErrorCode.RequestTimedOut);
        var error = await Assert.ThrowsAsync<KafkaException>(async () => await Retries(Fast).ExecuteAsync(KafkaRetries.DeadLetter, FailTimes, op));
        Assert.Equal(ErrorCode.RequestTimedOut, error.Error.Code);
        Assert.Equal(1 + Fast.MaxRetries, op.Attempts);
    }

    [Fact]
    public async Task With_retries_off_the_first_error_surfaces()
    {
        var op = new FaultyOperation(failures: 1, ErrorCode.Local_QueueFull);
        await Assert.ThrowsAsync<KafkaException>(async () => await Retries(new KafkaRetryOptions { MaxRetries = 0 }).ExecuteAsync(KafkaRetries.Produce, FailTimes, op));
        Assert.Equal(1, op.Attempts);
    }

    [Fact]
    public async Task A_burst_into_a_full_producer_queue_is_acknowledged_whole_with_retries_and_not_without()
    {
        var (mock, servers) = MockKafkaCluster.Start();
        using var _ = mock;
        var messages = Enumerable.Range(0, 20).Select(i => ($"k{i}", new byte[] { (byte)i })).ToList();

        using (var plain = Publisher(servers, new KafkaRetryOptions { MaxRetries = 0 }))
        {
            Assert.Contains(await plain.ProduceEachAsync(Topics.Interactions, messages), f => f.Reason.Contains("Queue full", StringComparison.OrdinalIgnoreCase));
        }

        using var retrying = Publisher(servers, new KafkaRetryOptions { MaxRetries = 100, BaseDelayMs = 1, MaxDelayMs = 20 });
        Assert.Empty(await retrying.ProduceEachAsync(Topics.Interactions, messages));
    }

    private EventPublisher Publisher(string servers, KafkaRetryOptions retry)
    {
        var kafka = new KafkaOptions { BootstrapServers = servers, Properties = new() { ["queue.buffering.max.messages"] = "1" } };
        return new EventPublisher(new KafkaBootstrap(Options.Create(kafka), NullLogger<KafkaBootstrap>.Instance), _metrics,
            NullLogger<EventPublisher>.Instance, Retries(retry));
    }

    /// <summary>Fails its first <c>failures</c> attempts with a Kafka error of the given code, then succeeds.</summary>
    private sealed class FaultyOperation(int failures, ErrorCode code)
    {
        public int Attempts { get; private set; }

        public ValueTask RunAsync() => ++Attempts <= failures ? throw new KafkaException(new Error(code, "injected")) : default;
    }
}
