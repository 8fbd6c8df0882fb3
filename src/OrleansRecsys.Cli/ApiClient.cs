using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRecsys.Cli;

/// <summary>
/// A thin <see cref="HttpClient"/> wrapper: base address, bearer token, JSON bodies, and RFC 7807 problem details
/// turned into <see cref="ApiException"/>. Calls return the raw response text (for <c>--json</c>) and parse on demand.
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>camelCase both ways; nulls are left out of request bodies; enums read as numbers or names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient _http;

    public ApiClient(Uri endpoint, string? token, TimeSpan? timeout = null)
    {
        _http = new HttpClient { BaseAddress = endpoint, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrWhiteSpace(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        }
    }

    public Task<string> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<string> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    public Task<string> PostJsonAsync(string path, object body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, JsonContent(body), ct);

    public Task<string> PutJsonAsync(string path, object body, CancellationToken ct) => SendAsync(HttpMethod.Put, path, JsonContent(body), ct);

    public Task<string> PostAsync(string path, HttpContent content, CancellationToken ct) => SendAsync(HttpMethod.Post, path, content, ct);

    /// <summary>Sends a request; a non-success status becomes an <see cref="ApiException"/>.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? text : throw ApiException.From(response.StatusCode, response.ReasonPhrase, text);
    }

    /// <summary>Parses a response body; an unexpected shape is reported, not thrown as a raw JSON error.</summary>
    public static T Parse<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new ApiException(0, "Unexpected response", "the body is empty or null");
        }
        catch (JsonException ex)
        {
            throw new ApiException(0, "Unexpected response", $"cannot read the response as {typeof(T).Name}: {ex.Message}");
        }
    }

    /// <summary>A path segment, escaped.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public void Dispose() => _http.Dispose();

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");
}

/// <summary>An HTTP error with the problem details' title and detail (status 0: the response could not be read).</summary>
public sealed class ApiException(int status, string title, string detail) : Exception($"{status} {title}: {detail}")
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    public static ApiException From(HttpStatusCode code, string? reason, string body)
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
        HttpStatusCode.Unauthorized => "missing or invalid token (use --token, RECSYS_TOKEN, .recsys/dev-token or `recsysctl token`)",
        HttpStatusCode.Forbidden => "the token lacks the role this endpoint needs",
        HttpStatusCode.NotFound => "no such resource",
        _ => "(no details)",
    };
}
