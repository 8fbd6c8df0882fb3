using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansRecsys.Grains;
using Polly;
using Polly.Retry;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// The one retry pipeline per Kafka operation the grid performs (Polly retries: exponential backoff with jitter, bounded
/// by <see cref="KafkaRetryOptions"/>), so transient errors are handled in one place instead of ad-hoc loops. Every retry
/// is counted (<c>recsys_kafka_retries_total</c>), and so is every operation that still failed once its retries ran out
/// (<c>recsys_kafka_retries_exhausted_total</c>). Retrying cannot count anything twice: producing is idempotent per
/// producer session, and an interaction sent twice is de-duplicated by its event id. Offset commits are not here:
/// librdkafka sends them from its own thread and sends stored offsets again until one is accepted (see <see cref="OffsetCommitter"/>).
/// </summary>
public sealed class KafkaRetries
{
    /// <summary>The operations, as the metrics label them.</summary>
    public const string Produce = "produce", DeadLetter = "dead_letter", Prediction = "prediction";

    public static readonly string[] Operations = [Produce, DeadLetter, Prediction];

    private readonly RecsysMetrics _metrics;
    private readonly Dictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    public KafkaRetries(IOptions<KafkaRetryOptions> options, RecsysMetrics metrics, TimeProvider? time = null)
    {
        _metrics = metrics;
        foreach (var operation in Operations)
        {
            _pipelines[operation] = Build(operation, options.Value, time ?? TimeProvider.System);
        }
    }

    /// <summary>Runs <paramref name="action"/>, retrying transient Kafka errors; the last error is rethrown once retries run out.</summary>
    public async ValueTask ExecuteAsync<TState>(string operation, Func<TState, CancellationToken, ValueTask> action, TState state, CancellationToken ct = default)
    {
        try
        {
            await _pipelines[operation].ExecuteAsync(action, state, ct);
        }
        catch (Exception ex) when (KafkaTransientErrors.IsTransient(ex))
        {
            Exhausted(operation);
            throw;
        }
    }

    /// <summary>The same for a call that answers a value.</summary>
    public async ValueTask<TResult> ExecuteAsync<TState, TResult>(string operation, Func<TState, CancellationToken, ValueTask<TResult>> action, TState state,
        CancellationToken ct = default)
    {
        try
        {
            return await _pipelines[operation].ExecuteAsync(action, state, ct);
        }
        catch (Exception ex) when (KafkaTransientErrors.IsTransient(ex))
        {
            Exhausted(operation);
            throw;
        }
    }

    private void Exhausted(string operation) => _metrics.KafkaRetriesExhausted.Add(1, new KeyValuePair<string, object?>("operation", operation));

    private ResiliencePipeline Build(string operation, KafkaRetryOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries == 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(options.BaseDelayMs),
            MaxDelay = TimeSpan.FromMilliseconds(Math.Max(options.BaseDelayMs, options.MaxDelayMs)),
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } ex && KafkaTransientErrors.IsTransient(ex)),
            OnRetry = _ =>
            {
                _metrics.KafkaRetries.Add(1, new TagList { { "operation", operation } });
                return default;
            },
        }).Build();
    }
}
