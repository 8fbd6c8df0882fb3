using System.Text.Json;

namespace OrleansRecsys.Features;

/// <summary>Finds <see cref="SchemaChanges"/> in a parsed event. It compares property names as UTF-8, without allocating,
/// since it looks at every consumed event.</summary>
internal static class SchemaWatch
{
    private static readonly byte[][] InteractionFields = Utf8("eventId", "userId", "itemId", "type", "ts", "value", "requestId");
    private static readonly byte[][] ItemFields = Utf8("itemId", "category", "price", "tags", "ts");

    /// <summary>What an interaction event shows; <paramref name="refused"/> says whether the parser refused it (only then can its
    /// type be unknown).</summary>
    public static SchemaChanges OfInteraction(JsonElement root, bool refused) =>
        (HasUnknownField(root, InteractionFields) ? SchemaChanges.UnknownField : SchemaChanges.None)
        | (refused && HasUnknownType(root) ? SchemaChanges.UnknownEventType : SchemaChanges.None);

    public static SchemaChanges OfItem(JsonElement root) => HasUnknownField(root, ItemFields) ? SchemaChanges.UnknownField : SchemaChanges.None;

    private static bool HasUnknownField(JsonElement root, byte[][] known)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!IsKnown(property, known))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKnown(JsonProperty property, byte[][] known)
    {
        foreach (var name in known)
        {
            if (property.NameEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasUnknownType(JsonElement root) =>
        root.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String && !EventParser.TryType(type.GetString(), out _);

    private static byte[][] Utf8(params string[] names) => names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
}
