using System.Globalization;
using System.Text.Json;

namespace OrleansRecsys.Features;

/// <summary>Reason codes for rejected events; they become the dead-letter <c>error</c> header and a metric label.</summary>
public static class RejectReasons
{
    public const string InvalidJson = "invalid_json";
    public const string NotAnObject = "not_object";
    public const string TooLarge = "too_large";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string FutureTimestamp = "future_timestamp";
}

/// <summary>The outcome of parsing one message: a value, or a reason code and a human-readable detail.</summary>
public readonly record struct ParseResult<T>(T? Value, string? Reason, string? Detail)
    where T : class
{
    public bool Ok => Value is not null;

    public static ParseResult<T> Fail(string reason, string detail) => new(null, reason, detail);
}

/// <summary>
/// Validates interaction events and item upserts (DESIGN.md §2). One parser serves Kafka ingestion and the HTTP
/// ingest endpoints so both reject exactly the same inputs.
/// </summary>
public static class EventParser
{
    public const int MaxMessageBytes = 64 * 1024;
    public const int MaxIdLength = 128;
    public const int MaxTags = 64;
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private static readonly JsonDocumentOptions DocOptions = new() { MaxDepth = 16 };

    public static ParseResult<Interaction> ParseInteraction(ReadOnlyMemory<byte> utf8, long nowMs)
    {
        if (utf8.Length > MaxMessageBytes)
        {
            return ParseResult<Interaction>.Fail(RejectReasons.TooLarge, $"message is {utf8.Length} bytes; the limit is {MaxMessageBytes}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, DocOptions); // no copy of the message bytes
        }
        catch (JsonException ex)
        {
            return ParseResult<Interaction>.Fail(RejectReasons.InvalidJson, ex.Message);
        }

        using (doc)
        {
            return ParseInteraction(doc.RootElement, nowMs);
        }
    }

    public static ParseResult<Interaction> ParseInteraction(JsonElement root, long nowMs)
    {
        try
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParseResult<Interaction>.Fail(RejectReasons.NotAnObject, "an interaction event must be a JSON object");
            }

            if (!TryId(root, "eventId", out var eventId, out var fail) ||
                !TryId(root, "userId", out var userId, out fail) ||
                !TryId(root, "itemId", out var itemId, out fail))
            {
                return ParseResult<Interaction>.Fail(fail.Reason, fail.Detail);
            }

            if (!root.TryGetProperty("type", out var typeEl))
            {
                return ParseResult<Interaction>.Fail(RejectReasons.MissingField, "type is required");
            }

            if (typeEl.ValueKind != JsonValueKind.String || !TryType(typeEl.GetString(), out var type))
            {
                return ParseResult<Interaction>.Fail(RejectReasons.InvalidField, "type must be one of view, click, add_to_cart, purchase");
            }

            if (!TryTimestamp(root, nowMs, out var ts, out fail))
            {
                return ParseResult<Interaction>.Fail(fail.Reason, fail.Detail);
            }

            var value = 0.0;
            if (root.TryGetProperty("value", out var valueEl) && valueEl.ValueKind != JsonValueKind.Null)
            {
                if (valueEl.ValueKind != JsonValueKind.Number || !valueEl.TryGetDouble(out value) || !double.IsFinite(value) || value < 0)
                {
                    return ParseResult<Interaction>.Fail(RejectReasons.InvalidField, "value must be a finite number >= 0");
                }
            }

            string? requestId = null;
            if (root.TryGetProperty("requestId", out var reqEl) && reqEl.ValueKind != JsonValueKind.Null)
            {
                requestId = reqEl.ValueKind == JsonValueKind.String ? reqEl.GetString() : null;
                if (requestId is null || requestId.Length > MaxIdLength)
                {
                    return ParseResult<Interaction>.Fail(RejectReasons.InvalidField, $"requestId must be a string of at most {MaxIdLength} characters");
                }
            }

            return new(new Interaction(eventId, userId, itemId, type, ts, value, requestId), null, null);
        }
        catch (InvalidOperationException ex)
        {
            // Malformed UTF-8 or lone surrogates inside strings surface here, not at parse time.
            return ParseResult<Interaction>.Fail(RejectReasons.InvalidJson, ex.Message);
        }
    }

    public static ParseResult<ItemUpsert> ParseItem(ReadOnlyMemory<byte> utf8, long nowMs)
    {
        if (utf8.Length > MaxMessageBytes)
        {
            return ParseResult<ItemUpsert>.Fail(RejectReasons.TooLarge, $"message is {utf8.Length} bytes; the limit is {MaxMessageBytes}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, DocOptions); // no copy of the message bytes
        }
        catch (JsonException ex)
        {
            return ParseResult<ItemUpsert>.Fail(RejectReasons.InvalidJson, ex.Message);
        }

        using (doc)
        {
            return ParseItem(doc.RootElement, nowMs);
        }
    }

    public static ParseResult<ItemUpsert> ParseItem(JsonElement root, long nowMs)
    {
        try
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParseResult<ItemUpsert>.Fail(RejectReasons.NotAnObject, "an item upsert must be a JSON object");
            }

            if (!TryId(root, "itemId", out var itemId, out var fail))
            {
                return ParseResult<ItemUpsert>.Fail(fail.Reason, fail.Detail);
            }

            string? category = null;
            if (root.TryGetProperty("category", out var catEl) && catEl.ValueKind != JsonValueKind.Null)
            {
                category = catEl.ValueKind == JsonValueKind.String ? catEl.GetString() : null;
                if (string.IsNullOrEmpty(category) || category.Length > MaxIdLength)
                {
                    return ParseResult<ItemUpsert>.Fail(RejectReasons.InvalidField, $"category must be a string of 1..{MaxIdLength} characters");
                }
            }

            double? price = null;
            if (root.TryGetProperty("price", out var priceEl) && priceEl.ValueKind != JsonValueKind.Null)
            {
                if (priceEl.ValueKind != JsonValueKind.Number || !priceEl.TryGetDouble(out var p) || !double.IsFinite(p) || p < 0)
                {
                    return ParseResult<ItemUpsert>.Fail(RejectReasons.InvalidField, "price must be a finite number >= 0");
                }

                price = p;
            }

            var tags = Array.Empty<string>();
            if (root.TryGetProperty("tags", out var tagsEl) && tagsEl.ValueKind != JsonValueKind.Null)
            {
                if (tagsEl.ValueKind != JsonValueKind.Array || tagsEl.GetArrayLength() > MaxTags)
                {
                    return ParseResult<ItemUpsert>.Fail(RejectReasons.InvalidField, $"tags must be an array of at most {MaxTags} strings");
                }

                tags = new string[tagsEl.GetArrayLength()];
                var i = 0;
                foreach (var t in tagsEl.EnumerateArray())
                {
                    var s = t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    if (string.IsNullOrEmpty(s) || s.Length > MaxIdLength)
                    {
                        return ParseResult<ItemUpsert>.Fail(RejectReasons.InvalidField, $"tags[{i}] must be a string of 1..{MaxIdLength} characters");
                    }

                    tags[i++] = s;
                }
            }

            if (!TryTimestamp(root, nowMs, out var ts, out fail))
            {
                return ParseResult<ItemUpsert>.Fail(fail.Reason, fail.Detail);
            }

            return new(new ItemUpsert(itemId, category, price, tags, ts), null, null);
        }
        catch (InvalidOperationException ex)
        {
            return ParseResult<ItemUpsert>.Fail(RejectReasons.InvalidJson, ex.Message);
        }
    }

    public static bool TryType(string? s, out InteractionType type)
    {
        switch (s)
        {
            case "view": type = InteractionType.View; return true;
            case "click": type = InteractionType.Click; return true;
            case "add_to_cart": type = InteractionType.AddToCart; return true;
            case "purchase": type = InteractionType.Purchase; return true;
            default: type = default; return false;
        }
    }

    public static string TypeName(InteractionType type) => type switch
    {
        InteractionType.View => "view",
        InteractionType.Click => "click",
        InteractionType.AddToCart => "add_to_cart",
        _ => "purchase",
    };

    private readonly record struct Failure(string Reason, string Detail);

    private static bool TryId(JsonElement root, string name, out string value, out Failure fail)
    {
        value = "";
        fail = default;
        if (!root.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null)
        {
            fail = new(RejectReasons.MissingField, $"{name} is required");
            return false;
        }

        var s = el.ValueKind == JsonValueKind.String ? el.GetString() : null;
        if (string.IsNullOrEmpty(s) || s.Length > MaxIdLength)
        {
            fail = new(RejectReasons.InvalidField, $"{name} must be a string of 1..{MaxIdLength} characters");
            return false;
        }

        value = s;
        return true;
    }

    private static bool TryTimestamp(JsonElement root, long nowMs, out long tsMs, out Failure fail)
    {
        tsMs = 0;
        fail = default;
        if (!root.TryGetProperty("ts", out var el) || el.ValueKind == JsonValueKind.Null)
        {
            fail = new(RejectReasons.MissingField, "ts is required");
            return false;
        }

        if (el.ValueKind == JsonValueKind.Number)
        {
            if (!el.TryGetInt64(out tsMs) || tsMs < 0)
            {
                fail = new(RejectReasons.InvalidField, "ts must be epoch milliseconds (a non-negative integer) or ISO-8601 with an offset");
                return false;
            }
        }
        else if (el.ValueKind == JsonValueKind.String)
        {
            var s = el.GetString()!;
            if (!HasOffset(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
            {
                fail = new(RejectReasons.InvalidField, "ts must be ISO-8601 with an offset (e.g. 2026-11-30T04:00:00Z) or epoch milliseconds");
                return false;
            }

            tsMs = dto.ToUnixTimeMilliseconds();
            if (tsMs < 0)
            {
                fail = new(RejectReasons.InvalidField, "ts must not be before 1970-01-01T00:00:00Z");
                return false;
            }
        }
        else
        {
            fail = new(RejectReasons.InvalidField, "ts must be ISO-8601 with an offset or epoch milliseconds");
            return false;
        }

        if (tsMs > nowMs + (long)MaxFutureSkew.TotalMilliseconds)
        {
            fail = new(RejectReasons.FutureTimestamp, "ts is more than 5 minutes in the future");
            return false;
        }

        return true;
    }

    private static bool HasOffset(string s)
    {
        var t = s.IndexOf('T');
        if (t < 0)
        {
            return false;
        }

        if (s.EndsWith('Z') || s.EndsWith('z'))
        {
            return true;
        }

        var tail = s.AsSpan(t);
        return tail.Contains('+') || tail.Contains('-');
    }
}
