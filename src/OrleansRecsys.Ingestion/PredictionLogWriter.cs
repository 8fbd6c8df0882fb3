using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// The prediction log, off the response path: ranked responses are queued (bounded; dropped and counted when full)
/// and a background loop writes each as one JSON record to <c>recsys.predictions</c>, keyed by user, with the
/// scored vectors so training data can be exported exactly as served. The user id (record and message key) is the
/// user's pseudonym when <see cref="UserPseudonyms"/> is on: exports join predictions to outcomes by request id, and
/// one user's records still share one pseudonym.
/// </summary>
internal sealed class PredictionLogWriter(EventPublisher publisher, RecsysMetrics metrics, UserPseudonyms pseudonyms) : BackgroundService, IPredictionSink
{
    /// <summary>How long the loop sleeps after writing what was queued: the log's records reach Kafka at most this much
    /// later, well within librdkafka's own batching; a full queue (20,000 records) still drops rather than waits.</summary>
    internal static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(5);

    private readonly Channel<(RankRequestContext Context, RankResponse Response)> _queue =
        Channel.CreateBounded<(RankRequestContext, RankResponse)>(new BoundedChannelOptions(20_000)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });

    public void Log(RankRequestContext context, RankResponse response)
    {
        if (!_queue.Writer.TryWrite((context, response)))
        {
            metrics.PredictionsDropped.Add(1);
            ReturnRows(context);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One buffer and one writer for the loop's life: each record resets them instead of allocating its own.
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var logged = 0;
                while (_queue.Reader.TryRead(out var entry))
                {
                    logged += await WriteOneAsync(json, buffer, entry.Context, entry.Response, stoppingToken) ? 1 : 0;
                }

                metrics.PredictionsLogged.Add(logged);

                // Records gather while the loop sleeps: one wake-up per pause instead of one per response, each of which
                // was a thread-pool dispatch (and often a thread woken from idle) competing with the ranks themselves.
                await Task.Delay(DrainPause, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Serializes and produces one record; false when it was dropped (and counted).</summary>
    private async ValueTask<bool> WriteOneAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, RankRequestContext context, RankResponse response,
        CancellationToken stoppingToken)
    {
        try
        {
            buffer.ResetWrittenCount();
            var user = pseudonyms.Of(context.UserId);
            json.Reset(buffer);
            Write(json, user, context, response);
            json.Flush();
            var record = buffer.WrittenSpan.ToArray();
            return publisher.TryProducePrediction(user, record) || await publisher.ProducePredictionAsync(user, record, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // One record that cannot be written never stops the log.
            metrics.PredictionsDropped.Add(1);
            return false;
        }
        finally
        {
            ReturnRows(context);
        }
    }

    /// <summary>The scored rows are a pooled copy this writer owns once logged (see <see cref="RankRequestContext"/>).</summary>
    private static void ReturnRows(RankRequestContext context)
    {
        if (context.Rows is { } rows)
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double v)
    {
        if (double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>One record; <paramref name="user"/> is the user id as logged (a pseudonym when they are on).</summary>
    public static void Write(Utf8JsonWriter json, string user, RankRequestContext context, RankResponse response)
    {
        json.WriteStartObject();
        json.WriteString("requestId", response.RequestId);
        json.WriteString("userId", user);
        json.WriteString("model", response.Model);
        json.WriteString("version", response.Version);
        json.WriteString("variant", response.Variant);
        json.WriteBoolean("fallback", response.Fallback);
        json.WriteString("fallbackReason", response.FallbackReason);
        json.WriteString("asOf", response.AsOf);
        if (context.TraceId is { } traceId)
        {
            json.WriteString("traceId", traceId);
        }

        json.WriteStartArray("items");
        foreach (var item in response.Items)
        {
            json.WriteStartObject();
            json.WriteString("itemId", item.ItemId);
            Number(json, "score", item.Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteContext(json, context.Context);
        WriteRows(json, context);
        json.WriteEndObject();
    }

    /// <summary>The request's context, as given (strings and numbers by feature name); omitted when the request had none.</summary>
    private static void WriteContext(Utf8JsonWriter json, ServingContext? context)
    {
        if (context is null || context.Count == 0)
        {
            return;
        }

        json.WriteStartObject("context");
        foreach (var (key, text) in context.Labels)
        {
            json.WriteString(key, text);
        }

        foreach (var (key, number) in context.Numbers)
        {
            Number(json, key, number);
        }

        json.WriteEndObject();
    }

    /// <summary>Floats below this are whole numbers exactly when they equal their truncation, and fit an int.</summary>
    private const float ExactIntegerLimit = 16_777_216f;

    /// <summary>
    /// One input value: null when not finite; a whole number (counts, most often) through the integer formatter, which
    /// writes the same JSON number several times faster than the shortest round-trip float formatter that the rest need
    /// (negative zero stays a float, so the value read back is the one served, bit for bit).
    /// </summary>
    internal static void WriteValue(Utf8JsonWriter json, float v)
    {
        if (!float.IsFinite(v))
        {
            json.WriteNullValue();
        }
        else if (v == MathF.Truncate(v) && MathF.Abs(v) < ExactIntegerLimit && (v != 0 || !float.IsNegative(v)))
        {
            json.WriteNumberValue((int)v);
        }
        else
        {
            json.WriteNumberValue(v);
        }
    }

    /// <summary>
    /// The scored rows, on the sampled share of records that carry them, after the feature names that head their columns.
    /// A record without rows has no names either: they are the same for every response of a version and were most of a
    /// record's bytes, which the log writes for every response.
    /// </summary>
    private static void WriteRows(Utf8JsonWriter json, RankRequestContext context)
    {
        if (context.Rows is not { } rows)
        {
            return;
        }

        json.WriteStartArray("featureNames");
        foreach (var name in context.FeatureNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        var width = context.FeatureNames.Length;
        json.WriteStartArray("rows");
        for (var i = 0; i < context.Candidates.Length; i++)
        {
            json.WriteStartObject();
            json.WriteString("itemId", context.Candidates[i]);
            json.WriteStartArray("values");
            for (var j = 0; j < width; j++)
            {
                WriteValue(json, rows[(i * width) + j]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
