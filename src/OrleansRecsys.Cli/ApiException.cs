using System.Net;
using System.Text.Json;

namespace OrleansRecsys.Cli;

/// <summary>An HTTP error with the problem details' title and detail (status 0: the response could not be read).</summary>
internal sealed class ApiException(int status, string title, string detail) : Exception($"{status} {title}: {detail}")
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    /// <param name="retryAfter">The response's <c>Retry-After</c> (rate limits, an overloaded or unavailable grid): said in the message.</param>
    public static ApiException From(HttpStatusCode code, string? reason, string body, TimeSpan? retryAfter = null)
    {
        var status = (int)code;
        string? title = null, detail = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = Text(root, "title");
                detail = Text(root, "detail") ?? Errors(root);
            }
        }
        catch (JsonException)
        {
            detail = body.Length > 300 ? body[..300] + "…" : body.Trim();
        }

        detail = string.IsNullOrWhiteSpace(detail) ? Hint(code) : detail;
        if (retryAfter is { } wait && !detail.Contains("retry after", StringComparison.OrdinalIgnoreCase))
        {
            detail += $" (retry after {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s)";
        }

        return new ApiException(status, title ?? reason ?? code.ToString(), detail);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind == JsonValueKind.String ? el.GetString() : null;

    /// <summary>The <c>errors</c> map of a validation problem, flattened.</summary>
    private static string? Errors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var field in errors.EnumerateObject())
        {
            var messages = field.Value.ValueKind == JsonValueKind.Array
                ? string.Join("; ", field.Value.EnumerateArray().Select(e => e.ToString()))
                : field.Value.ToString();
            parts.Add($"{field.Name}: {messages}");
        }

        return string.Join(", ", parts);
    }

    private static string Hint(HttpStatusCode code) => code switch
    {
        HttpStatusCode.Unauthorized => "missing or invalid token (use --token, --token-file, RECSYS_TOKEN, .recsys/dev-token or `recsysctl token`)",
        HttpStatusCode.Forbidden => "the token lacks the role this endpoint needs",
        HttpStatusCode.NotFound => "no such resource",
        _ => "(no details)",
    };
}
