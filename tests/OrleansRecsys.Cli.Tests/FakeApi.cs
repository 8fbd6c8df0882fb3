using System.Net;
using System.Text;

namespace OrleansRecsys.Cli.Tests;

/// <summary>Answers every request with one canned response and remembers what was sent.</summary>
internal sealed class FakeApi : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body, int? RetryAfterSeconds)> _responses = new();

    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);

    public List<SentRequest> Requests { get; } = [];

    /// <summary>A request as the tool sent it, read before the tool disposes it.</summary>
    public sealed record SentRequest(HttpMethod Method, string Path, string? Authorization, string? ContentType, string Body);

    public FakeApi Respond(HttpStatusCode status, string body, int? retryAfterSeconds = null)
    {
        _responses.Enqueue((status, body, retryAfterSeconds));
        return this;
    }

    public FakeApi RespondOk(string body) => Respond(HttpStatusCode.OK, body);

    /// <summary>Answers every request to <paramref name="path"/> with 200 and <paramref name="body"/>, before the queue.</summary>
    public FakeApi RespondOkTo(string path, string body)
    {
        _byPath[path] = body;
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new SentRequest(request.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType, body));
        var (status, responseBody, retryAfter) = _byPath.TryGetValue(request.RequestUri.AbsolutePath, out var fixedBody) ? (HttpStatusCode.OK, fixedBody, null)
            : _responses.Count > 0 ? _responses.Dequeue() : (HttpStatusCode.OK, "{}", null);
        var response = new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json") };
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }
}
