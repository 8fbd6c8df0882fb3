using System.Globalization;
using System.Text.Json;

namespace OrleansRecsys.Features;

/// <summary>Readers for the fields events share; each either yields the value or a <see cref="FieldError"/> naming the field.</summary>
internal static class EventFields
{
    private const int MaxIdLength = EventParser.MaxIdLength;

    /// <summary>A required id: a string of 1..<see cref="EventParser.MaxIdLength"/> characters.</summary>
    public static bool TryId(JsonElement root, string name, out string value, out FieldError error)
    {
        value = "";
        if (!IsPresent(root, name, out var element))
        {
            error = new(RejectReasons.MissingField, $"{name} is required");
            return false;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxIdLength)
        {
            error = new(RejectReasons.InvalidField, $"{name} must be a string of 1..{MaxIdLength} characters");
            return false;
        }

        value = text;
        error = default;
        return true;
    }

    /// <summary>An optional string of at most <see cref="EventParser.MaxIdLength"/> characters (and at least one unless <paramref name="allowEmpty"/>).</summary>
    public static bool TryOptionalString(JsonElement root, string name, bool allowEmpty, out string? value, out FieldError error)
    {
        value = null;
        error = default;
        if (!IsPresent(root, name, out var element))
        {
            return true;
        }

        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (value is null || (value.Length == 0 && !allowEmpty) || value.Length > MaxIdLength)
        {
            error = new(RejectReasons.InvalidField, allowEmpty
                ? $"{name} must be a string of at most {MaxIdLength} characters"
                : $"{name} must be a string of 1..{MaxIdLength} characters");
            return false;
        }

        return true;
    }

    /// <summary>An optional finite number that is not negative.</summary>
    public static bool TryOptionalNonNegative(JsonElement root, string name, out double? value, out FieldError error)
    {
        value = null;
        error = default;
        if (!IsPresent(root, name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || !double.IsFinite(number) || number < 0)
        {
            error = new(RejectReasons.InvalidField, $"{name} must be a finite number >= 0");
            return false;
        }

        value = number;
        return true;
    }

    /// <summary>Optional tags: at most <see cref="EventParser.MaxTags"/> strings of 1..<see cref="EventParser.MaxIdLength"/> characters.</summary>
    public static bool TryTags(JsonElement root, out string[] tags, out FieldError error)
    {
        tags = [];
        error = default;
        if (!IsPresent(root, "tags", out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > EventParser.MaxTags)
        {
            error = new(RejectReasons.InvalidField, $"tags must be an array of at most {EventParser.MaxTags} strings");
            return false;
        }

        tags = new string[element.GetArrayLength()];
        var i = 0;
        foreach (var tag in element.EnumerateArray())
        {
            var text = tag.ValueKind == JsonValueKind.String ? tag.GetString() : null;
            if (string.IsNullOrEmpty(text) || text.Length > MaxIdLength)
            {
                error = new(RejectReasons.InvalidField, $"tags[{i}] must be a string of 1..{MaxIdLength} characters");
                return false;
            }

            tags[i++] = text;
        }

        return true;
    }

    /// <summary>The required event time: epoch milliseconds or ISO-8601 with an offset, not too far in the future.</summary>
    public static bool TryTimestamp(JsonElement root, long nowMs, out long tsMs, out FieldError error)
    {
        tsMs = 0;
        if (!IsPresent(root, "ts", out var element))
        {
            error = new(RejectReasons.MissingField, "ts is required");
            return false;
        }

        var read = element.ValueKind switch
        {
            JsonValueKind.Number => TryEpochMilliseconds(element, out tsMs, out error),
            JsonValueKind.String => TryIsoTimestamp(element.GetString()!, out tsMs, out error),
            _ => Invalid("ts must be ISO-8601 with an offset or epoch milliseconds", out error),
        };
        if (read && tsMs > nowMs + (long)EventParser.MaxFutureSkew.TotalMilliseconds)
        {
            error = new(RejectReasons.FutureTimestamp, "ts is more than 5 minutes in the future");
            return false;
        }

        return read;
    }

    private static bool TryEpochMilliseconds(JsonElement element, out long tsMs, out FieldError error)
    {
        error = default;
        return (element.TryGetInt64(out tsMs) && tsMs >= 0)
            || Invalid("ts must be epoch milliseconds (a non-negative integer) or ISO-8601 with an offset", out error);
    }

    private static bool TryIsoTimestamp(string text, out long tsMs, out FieldError error)
    {
        tsMs = 0;
        error = default;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return Invalid("ts must be ISO-8601 with an offset (e.g. 2026-11-30T04:00:00Z) or epoch milliseconds", out error);
        }

        tsMs = time.ToUnixTimeMilliseconds();
        return tsMs >= 0 || Invalid("ts must not be before 1970-01-01T00:00:00Z", out error);
    }

    /// <summary>Whether an ISO-8601 time names its offset (Z or ±hh:mm after the time): local times are ambiguous.</summary>
    private static bool HasOffset(string text)
    {
        var timeStart = text.IndexOf('T');
        if (timeStart < 0)
        {
            return false;
        }

        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        var time = text.AsSpan(timeStart);
        return time.Contains('+') || time.Contains('-');
    }

    /// <summary>A field given as null counts as absent.</summary>
    private static bool IsPresent(JsonElement root, string name, out JsonElement element) =>
        root.TryGetProperty(name, out element) && element.ValueKind != JsonValueKind.Null;

    private static bool Invalid(string detail, out FieldError error)
    {
        error = new(RejectReasons.InvalidField, detail);
        return false;
    }
}
