using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansRecsys.Api;

/// <summary>POST /v1/events and /v1/items (role recsys.ingest): read the JSON batch, then validate each entry and publish
/// the valid ones through <see cref="IngestCalls"/>, the path gRPC ingestion takes too.</summary>
public static class IngestApi
{
    /// <summary>A full batch of 10,000 events needs more than the 1 MB default body limit.</summary>
    public const long MaxBodyBytes = 16L * 1024 * 1024;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/events", (HttpRequest r, IngestCalls calls) => IngestAsync(r, calls, Topics.Interactions))
            .RequireAuthorization(Roles.Ingest).WithName("PostEvents").WithSummary("Ingest interaction events").WithTags("Ingest");
        v1.MapPost("/items", (HttpRequest r, IngestCalls calls) => IngestAsync(r, calls, Topics.Items))
            .RequireAuthorization(Roles.Ingest).WithName("PostItems").WithSummary("Ingest item upserts").WithTags("Ingest");
    }

    /// <summary>Read the batch's entries, then the one ingest path both HTTP and gRPC take (<see cref="IngestCalls"/>).</summary>
    private static async Task<Results<Accepted<IngestResponse>, ProblemHttpResult>> IngestAsync(HttpRequest request, IngestCalls calls, string topic)
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

            var outcome = await calls.IngestAsync(topic, Entries(entries, topic), request.HttpContext.RequestAborted);
            if (outcome.Failure is { } failure)
            {
                return Problems.For(failure);
            }

            var (response, intake) = outcome.Value!;
            return intake.Published ? TypedResults.Accepted((string?)null, response) : Unavailable(request, response, intake.FailureReason);
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

        return root.ValueKind != JsonValueKind.Array
            ? (root, Problems.Bad($"the body must be a JSON array of {(isItems ? "item upserts" : "events")}"))
            : (root, null);
    }

    /// <summary>Each entry's bytes as they will be produced (validation reads exactly those) and its own id, if any.</summary>
    private static List<IngestEntry> Entries(JsonElement array, string topic)
    {
        var entries = new List<IngestEntry>(array.GetArrayLength());
        foreach (var entry in array.EnumerateArray())
        {
            entries.Add(new IngestEntry(JsonSerializer.SerializeToUtf8Bytes(entry), IdOf(entry, topic)));
        }

        return entries;
    }

    /// <summary>The entry's own id as the caller wrote it (for the outcome list), if it has a string one.</summary>
    private static string? IdOf(JsonElement entry, string topic) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(topic == Topics.Items ? "itemId" : "eventId", out var id) &&
        id.ValueKind == JsonValueKind.String ? id.GetString() : null;

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
