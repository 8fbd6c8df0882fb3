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

            var batch = Validate(entries, topic);
            var result = batch.Valid.Count == 0 ? IntakeResult.Success : await intake.PublishAsync(topic, batch.Valid, request.HttpContext.RequestAborted);
            var outcomes = batch.Outcomes(result);
            var response = new IngestResponse(outcomes.Count(o => o.Status == EntryOutcome.Accepted), batch.Rejected.ToArray(), outcomes);
            return result.Published ? TypedResults.Accepted((string?)null, response) : Unavailable(request, response, result.FailureReason);
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

    private static ValidatedBatch Validate(JsonElement entries, string topic)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = new ValidatedBatch(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            // Validate exactly the bytes that will be produced, with the consumer's parser and limits.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(entry);
            var parsed = Parse(bytes, topic, nowMs);
            batch.Add(parsed, bytes, IdOf(entry, topic));
        }

        return batch;
    }

    /// <summary>The entry's own id as the caller wrote it (for the outcome list), if it has a string one.</summary>
    private static string? IdOf(JsonElement entry, string topic) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(topic == Topics.Items ? "itemId" : "eventId", out var id) &&
        id.ValueKind == JsonValueKind.String ? id.GetString() : null;

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

    /// <summary>A 503 with Retry-After that still lists every entry's outcome: only the <c>failed</c> ones need sending
    /// again, and re-sending the whole batch is harmless too (event ids are de-duplicated, upserts are idempotent).</summary>
    private static ProblemHttpResult Unavailable(HttpRequest request, IngestResponse response, string? reason)
    {
        request.HttpContext.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem($"some entries were not accepted: {reason}", statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Kafka unavailable", extensions: new Dictionary<string, object?>
            {
                ["accepted"] = response.Accepted,
                ["rejected"] = response.Rejected,
                ["entries"] = response.Entries,
            });
    }
}
