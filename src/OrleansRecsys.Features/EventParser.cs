using System.Text.Json;

namespace OrleansRecsys.Features;

/// <summary>
/// Validates interaction events and item upserts. One parser serves Kafka ingestion and the HTTP ingest endpoints so
/// both reject exactly the same inputs.
/// </summary>
public static class EventParser
{
    internal const int MaxMessageBytes = 64 * 1024;
    internal const int MaxIdLength = 128;
    internal const int MaxTags = 64;
    internal static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static ParseResult<Interaction> ParseInteraction(ReadOnlyMemory<byte> utf8, long nowMs) => Parse(utf8, nowMs, ReadInteraction);

    public static ParseResult<ItemUpsert> ParseItem(ReadOnlyMemory<byte> utf8, long nowMs) => Parse(utf8, nowMs, ReadItem);

    public static bool TryType(string? name, out InteractionType type)
    {
        switch (name)
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

    /// <summary>Size check, then JSON, then the fields; malformed text inside strings surfaces only when a field is read.</summary>
    private static ParseResult<T> Parse<T>(ReadOnlyMemory<byte> utf8, long nowMs, Func<JsonElement, long, ParseResult<T>> read)
        where T : class
    {
        if (utf8.Length > MaxMessageBytes)
        {
            return ParseResult<T>.Fail(RejectReasons.TooLarge, $"message is {utf8.Length} bytes; the limit is {MaxMessageBytes}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions); // no copy of the message bytes
        }
        catch (JsonException ex)
        {
            return ParseResult<T>.Fail(RejectReasons.InvalidJson, ex.Message);
        }

        using (document)
        {
            try
            {
                return read(document.RootElement, nowMs);
            }
            catch (InvalidOperationException ex)
            {
                // Malformed UTF-8 or lone surrogates inside strings surface here, not at parse time.
                return ParseResult<T>.Fail(RejectReasons.InvalidJson, ex.Message);
            }
        }
    }

    private static ParseResult<Interaction> ReadInteraction(JsonElement root, long nowMs)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult<Interaction>.Fail(RejectReasons.NotAnObject, "an interaction event must be a JSON object");
        }

        var result = ReadInteractionFields(root, nowMs);
        return result with { SchemaChanges = SchemaWatch.OfInteraction(root, refused: !result.Ok) };
    }

    private static ParseResult<Interaction> ReadInteractionFields(JsonElement root, long nowMs)
    {
        if (!EventFields.TryId(root, "eventId", out var eventId, out var error) ||
            !EventFields.TryId(root, "userId", out var userId, out error) ||
            !EventFields.TryId(root, "itemId", out var itemId, out error) ||
            !TryInteractionType(root, out var type, out error) ||
            !EventFields.TryTimestamp(root, nowMs, out var tsMs, out error) ||
            !EventFields.TryOptionalNonNegative(root, "value", out var value, out error) ||
            !EventFields.TryOptionalString(root, "requestId", allowEmpty: true, out var requestId, out error))
        {
            return ParseResult<Interaction>.Fail(error);
        }

        return ParseResult<Interaction>.Success(new Interaction(eventId, userId, itemId, type, tsMs, value ?? 0, requestId));
    }

    private static ParseResult<ItemUpsert> ReadItem(JsonElement root, long nowMs)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult<ItemUpsert>.Fail(RejectReasons.NotAnObject, "an item upsert must be a JSON object");
        }

        return ReadItemFields(root, nowMs) with { SchemaChanges = SchemaWatch.OfItem(root) };
    }

    private static ParseResult<ItemUpsert> ReadItemFields(JsonElement root, long nowMs)
    {
        if (!EventFields.TryId(root, "itemId", out var itemId, out var error) ||
            !EventFields.TryOptionalString(root, "category", allowEmpty: false, out var category, out error) ||
            !EventFields.TryOptionalNonNegative(root, "price", out var price, out error) ||
            !EventFields.TryTags(root, out var tags, out error) ||
            !EventFields.TryTimestamp(root, nowMs, out var tsMs, out error))
        {
            return ParseResult<ItemUpsert>.Fail(error);
        }

        return ParseResult<ItemUpsert>.Success(new ItemUpsert(itemId, category, price, tags, tsMs));
    }

    private static bool TryInteractionType(JsonElement root, out InteractionType type, out FieldError error)
    {
        type = default;
        error = default;
        if (!root.TryGetProperty("type", out var element))
        {
            error = new(RejectReasons.MissingField, "type is required");
            return false;
        }

        if (element.ValueKind != JsonValueKind.String || !TryType(element.GetString(), out type))
        {
            error = new(RejectReasons.InvalidField, "type must be one of view, click, add_to_cart, purchase");
            return false;
        }

        return true;
    }
}
