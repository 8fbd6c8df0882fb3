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
            await foreach (var (context, response) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    buffer.ResetWrittenCount();
                    var user = pseudonyms.Of(context.UserId);
                    json.Reset(buffer);
                    Write(json, user, context, response);
                    json.Flush();

                    await publisher.ProducePredictionAsync(user, buffer.WrittenSpan.ToArray(), stoppingToken);
                    metrics.PredictionsLogged.Add(1);
                }
                catch (Exception)
                {
                    // One record that cannot be written never stops the log.
                    metrics.PredictionsDropped.Add(1);
                }
                finally
                {
                    ReturnRows(context);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
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
        json.WriteStartArray("featureNames");
        foreach (var name in context.FeatureNames)
        {
            json.WriteStringValue(name);
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

    /// <summary>The scored rows, on the sampled share of records that carry them.</summary>
    private static void WriteRows(Utf8JsonWriter json, RankRequestContext context)
    {
        if (context.Rows is not { } rows)
        {
            return;
        }

        var width = context.FeatureNames.Length;
        json.WriteStartArray("rows");
        for (var i = 0; i < context.Candidates.Length; i++)
        {
            json.WriteStartObject();
            json.WriteString("itemId", context.Candidates[i]);
            json.WriteStartArray("values");
            for (var j = 0; j < width; j++)
            {
                var v = rows[(i * width) + j];
                if (float.IsFinite(v))
                {
                    json.WriteNumberValue(v);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
