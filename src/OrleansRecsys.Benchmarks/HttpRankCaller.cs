using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// One rank over HTTP as the overload benchmarks send it, answering how it ended as <see cref="OutcomeRecorder"/> counts it:
/// <c>ok</c>, a fallback reason, <c>shed</c> (503 with <c>Retry-After</c>) or <c>error</c>. The bodies are built from
/// pre-serialized candidate lists and the answer is read by searching its bytes, not parsed: whichever process sends the
/// load shares the machine's cores with the silo, so its cost per request is kept small and the same for every request.
/// </summary>
public sealed class HttpRankCaller
{
    private static readonly byte[] FallbackTrue = "\"fallback\":true"u8.ToArray();
    private static readonly byte[] ReasonKey = "\"fallbackReason\":\""u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly int _users;
    private readonly string[] _candidateLists;
    private readonly string _tail;

    public HttpRankCaller(HttpClient http, int users, string[][] candidateSets, string model)
    {
        _http = http;
        _users = users;
        _candidateLists = candidateSets.Select(set => string.Join(",", set.Select(c => $"\"{c}\""))).ToArray();
        _tail = $"],\"k\":10,\"model\":\"{model}\"}}";
    }

    /// <summary>An HTTP client for the load: at most <paramref name="connections"/> connections, as a pool of callers behind a
    /// proxy would hold; a request finding them all busy waits for one, and that wait is part of its latency.</summary>
    public static HttpClient Client(string url, string token, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Request <paramref name="i"/> of a run: user and candidate set follow from it, so every sender sends the same.</summary>
    public async Task<string> RankAsync(long i)
    {
        var body = string.Concat("{\"userId\":\"u", (i * 7919 % _users).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "\",\"candidates\":[", _candidateLists[i % _candidateLists.Length], _tail);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync("/v1/rank", content);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
        {
            return OutcomeRecorder.Shed;
        }

        if (!response.IsSuccessStatusCode)
        {
            return OutcomeRecorder.Error;
        }

        return Outcome(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary><c>ok</c> for scores; for a fallback, its reason as the answer spells it.</summary>
    private static string Outcome(ReadOnlySpan<byte> answer)
    {
        if (answer.IndexOf(FallbackTrue) < 0)
        {
            return OutcomeRecorder.Ok;
        }

        var start = answer.IndexOf(ReasonKey);
        if (start < 0)
        {
            return OutcomeRecorder.Error;
        }

        var reason = answer[(start + ReasonKey.Length)..];
        return Encoding.UTF8.GetString(reason[..reason.IndexOf((byte)'"')]);
    }
}
