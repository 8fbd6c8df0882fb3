using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRecsys.Cli;

/// <summary>
/// A thin <see cref="HttpClient"/> wrapper: base address, bearer token, JSON bodies, and RFC 7807 problem details
/// turned into <see cref="ApiException"/>. Calls return the raw response text (for <c>--json</c>) and parse on demand.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    /// <summary>camelCase both ways; nulls are left out of request bodies; enums read as numbers or names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HttpClient _http;

    /// <param name="handler">Sends the requests (a socket handler when null); the caller keeps ownership of it.</param>
    public ApiClient(Uri endpoint, string? token, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = endpoint;
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
        return response.IsSuccessStatusCode ? text : throw ApiException.From(response.StatusCode, response.ReasonPhrase, text, RetryAfter(response));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } header ? header.Delta ?? (header.Date - DateTimeOffset.UtcNow) : null;

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
