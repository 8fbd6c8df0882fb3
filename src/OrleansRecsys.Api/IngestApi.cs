using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Features;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Api;

public sealed record Rejection(int Index, string Reason, string Detail);

public sealed record IngestResponse(int Accepted, Rejection[] Rejected);

/// <summary>POST /v1/events and /v1/items (role recsys.ingest): validate each entry, publish the valid ones to Kafka.</summary>
public static class IngestApi
{
    /// <summary>A full batch of 10,000 events needs more than the 1 MB default body limit.</summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/events", (HttpRequest r, EventPublisher p) => IngestAsync(r, p, Topics.Interactions))
            .RequireAuthorization(Roles.Ingest).WithName("PostEvents").WithSummary("Ingest interaction events").WithTags("Ingest");
        v1.MapPost("/items", (HttpRequest r, EventPublisher p) => IngestAsync(r, p, Topics.Items))
            .RequireAuthorization(Roles.Ingest).WithName("PostItems").WithSummary("Ingest item upserts").WithTags("Ingest");
    }

    private static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> IngestAsync(HttpRequest request, EventPublisher publisher, string topic)
    {
        var (doc, error) = await Problems.ReadAsync<JsonDocument>(request, MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        using (doc)
        {
            var root = doc!.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(topic == Topics.Items ? "items" : "events", out var wrapped))
            {
                root = wrapped;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return Problems.Bad($"the body must be a JSON array of {(topic == Topics.Items ? "item upserts" : "events")}");
            }

            var count = root.GetArrayLength();
            if (count is 0 or > RequestLimits.MaxIngestBatch)
            {
                return Problems.Bad($"a batch holds 1..{RequestLimits.MaxIngestBatch} entries (got {count})");
            }

            var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var valid = new List<(string Key, byte[] Value)>(count);
            var rejected = new List<Rejection>();
            var index = 0;
            foreach (var el in root.EnumerateArray())
            {
                // Validate exactly the bytes that will be produced, with the consumer's parser and limits.
                var bytes = JsonSerializer.SerializeToUtf8Bytes(el);
                string? key;
                string? reason, detail;
                if (topic == Topics.Items)
                {
                    var r = EventParser.ParseItem(bytes, nowMs);
                    (reason, detail, key) = (r.Reason, r.Detail, r.Value?.ItemId);
                }
                else
                {
                    var r = EventParser.ParseInteraction(bytes, nowMs);
                    (reason, detail, key) = (r.Reason, r.Detail, r.Value?.UserId);
                }

                if (key is null)
                {
                    rejected.Add(new Rejection(index, reason!, detail!));
                }
                else
                {
                    valid.Add((key, bytes));
                }

                index++;
            }

            if (valid.Count > 0)
            {
                try
                {
                    await publisher.ProduceAllAsync(topic, valid, request.HttpContext.RequestAborted);
                }
                catch (Confluent.Kafka.KafkaException ex)
                {
                    request.HttpContext.Response.Headers.RetryAfter = "1";
                    return Problems.Status(503, "Kafka unavailable", $"events were not accepted: {ex.Error.Reason}");
                }
            }

            return TypedResults.Accepted((string?)null, new IngestResponse(valid.Count, rejected.ToArray()));
        }
    }
}
