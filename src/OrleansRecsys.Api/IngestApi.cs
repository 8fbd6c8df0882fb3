using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansRecsys.Features;

namespace OrleansRecsys.Api;

/// <summary>POST /v1/events and /v1/items (role recsys.ingest): validate each entry, publish the valid ones through
/// the host's <see cref="IEventIntake"/>.</summary>
public static class IngestApi
{
    /// <summary>A full batch of 10,000 events needs more than the 1 MB default body limit.</summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/events", (HttpRequest r, IEventIntake intake) => IngestAsync(r, intake, Topics.Interactions))
            .RequireAuthorization(Roles.Ingest).WithName("PostEvents").WithSummary("Ingest interaction events").WithTags("Ingest");
        v1.MapPost("/items", (HttpRequest r, IEventIntake intake) => IngestAsync(r, intake, Topics.Items))
            .RequireAuthorization(Roles.Ingest).WithName("PostItems").WithSummary("Ingest item upserts").WithTags("Ingest");
    }

    /// <summary>Read the batch, validate every entry, publish the valid ones, answer with the rejects.</summary>
    private static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> IngestAsync(HttpRequest request, IEventIntake intake, string topic)
    {
        var (doc, error) = await Problems.ReadAsync<JsonDocument>(request, MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        using (doc)
        {
            var (entries, badBatch) = FindEntries(doc!.RootElement, topic);
            if (badBatch is not null)
            {
                return badBatch;
            }

            var (valid, rejected) = Validate(entries, topic);
            if (valid.Count > 0 && await PublishAsync(request, intake, topic, valid) is { } unavailable)
            {
                return unavailable;
            }

            return TypedResults.Accepted((string?)null, new IngestResponse(valid.Count, rejected.ToArray()));
        }
    }

    /// <summary>The batch's array: the body itself, or wrapped as <c>{"events": [...]}</c> / <c>{"items": [...]}</c>.</summary>
    private static (JsonElement Entries, ProblemHttpResult? Error) FindEntries(JsonElement root, string topic)
    {
        var isItems = topic == Topics.Items;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(isItems ? "items" : "events", out var wrapped))
        {
            root = wrapped;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return (root, Problems.Bad($"the body must be a JSON array of {(isItems ? "item upserts" : "events")}"));
        }

        var count = root.GetArrayLength();
        return count is 0 or > RequestLimits.MaxIngestBatch
            ? (root, Problems.Bad($"a batch holds 1..{RequestLimits.MaxIngestBatch} entries (got {count})"))
            : (root, null);
    }

    private static (List<ValidatedEvent> Valid, List<Rejection> Rejected) Validate(JsonElement entries, string topic)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var valid = new List<ValidatedEvent>(entries.GetArrayLength());
        var rejected = new List<Rejection>();
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            // Validate exactly the bytes that will be produced, with the consumer's parser and limits.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(entry);
            var (key, reason, detail) = Parse(bytes, topic, nowMs);
            if (key is null)
            {
                rejected.Add(new Rejection(index, reason!, detail!));
            }
            else
            {
                valid.Add(new ValidatedEvent(key, bytes));
            }

            index++;
        }

        return (valid, rejected);
    }

    /// <summary>The entry's partitioning key (item id for upserts, user id for interactions), or why it is invalid.</summary>
    private static (string? Key, string? Reason, string? Detail) Parse(byte[] bytes, string topic, long nowMs)
    {
        if (topic == Topics.Items)
        {
            var item = EventParser.ParseItem(bytes, nowMs);
            return (item.Value?.ItemId, item.Reason, item.Detail);
        }

        var interaction = EventParser.ParseInteraction(bytes, nowMs);
        return (interaction.Value?.UserId, interaction.Reason, interaction.Detail);
    }

    /// <summary>Null once the intake accepted every event; otherwise a 503 asking the caller to retry.</summary>
    private static async Task<ProblemHttpResult?> PublishAsync(HttpRequest request, IEventIntake intake, string topic, List<ValidatedEvent> valid)
    {
        var result = await intake.PublishAsync(topic, valid, request.HttpContext.RequestAborted);
        if (result.Published)
        {
            return null;
        }

        request.HttpContext.Response.Headers.RetryAfter = "1";
        return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kafka unavailable", $"events were not accepted: {result.FailureReason}");
    }
}
