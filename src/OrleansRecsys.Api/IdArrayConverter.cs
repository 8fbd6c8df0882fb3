using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRecsys.Api;

/// <summary>
/// Reads the request bodies' arrays of ids (candidates, exclusions, item ids) for a fraction of what the default reader
/// allocates: elements are gathered in a pooled buffer instead of a growing list, and an id read before comes back as the
/// same string instance instead of a new copy (a rank names 100 candidates, and a catalogue's ids recur from request to
/// request). The ids kept for reuse are bounded (<see cref="MaxRemembered"/> ids of at most
/// <see cref="RequestLimits.MaxIdLength"/> characters; the set starts over when full), so unknown ids cost an allocation,
/// never memory. Null elements are kept, so the request rules can name them (<c>candidates[1]</c>).
/// </summary>
internal sealed class IdArrayConverter : JsonConverter<string[]>
{
    public const int MaxRemembered = 100_000;

    private static readonly ConcurrentDictionary<string, string> Remembered = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Remembered.GetAlternateLookup<ReadOnlySpan<char>>();

    public override string[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException();
        }

        var ids = ArrayPool<string?>.Shared.Rent(16);
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count == ids.Length)
                {
                    ids = Grow(ids);
                }

                ids[count++] = reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String => Id(ref reader),
                    _ => throw new JsonException(),
                };
            }

            return ids.AsSpan(0, count).ToArray()!;
        }
        finally
        {
            ArrayPool<string?>.Shared.Return(ids, clearArray: true);
        }
    }

    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }

    private static string?[] Grow(string?[] ids)
    {
        var larger = ArrayPool<string?>.Shared.Rent(ids.Length * 2);
        ids.AsSpan().CopyTo(larger);
        ArrayPool<string?>.Shared.Return(ids, clearArray: true);
        return larger;
    }

    /// <summary>The id under the reader: the remembered instance when there is one, else a new string, remembered.</summary>
    private static string Id(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > RequestLimits.MaxIdLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[RequestLimits.MaxIdLength];
        if (Utf8.ToUtf16(reader.ValueSpan, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return reader.GetString()!; // invalid UTF-8 is refused there, as the default reader refuses it
        }

        if (ByChars.TryGetValue(chars[..written], out var known))
        {
            return known;
        }

        var id = new string(chars[..written]);
        if (Remembered.Count >= MaxRemembered)
        {
            Remembered.Clear();
        }

        Remembered.TryAdd(id, id);
        return id;
    }
}
