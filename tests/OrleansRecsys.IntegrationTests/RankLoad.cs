using System.Net;
using System.Net.Http.Json;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Rank requests sent to one silo in a loop while a test scales or kills the cluster around it: records every answer's
/// status, and when the answers that fell back came, so the test can assert that no request failed.
/// </summary>
internal sealed class RankLoad : IAsyncDisposable
{
    private static readonly string[] Candidates = ["it1", "it2", "it3"];

    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<HttpStatusCode> _statuses = [];
    private readonly List<DateTime> _fallbacksAt = [];
    private readonly Task _loop;

    private RankLoad(string url, string userPrefix, int users, TimeSpan pause)
    {
        _http = new HttpClient { BaseAddress = new Uri(url) };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", TestInfra.Token(Roles.Score));
        _loop = Task.Run(() => RunAsync(userPrefix, users, pause));
    }

    /// <summary>Starts ranking a random one of <paramref name="users"/> users (<paramref name="userPrefix"/>0, 1, ...) every <paramref name="pause"/>.</summary>
    public static RankLoad Start(string url, string userPrefix, int users, TimeSpan pause) => new(url, userPrefix, users, pause);

    /// <summary>Stops the loop once its request in flight is answered, and returns what it recorded.</summary>
    public async Task<(IReadOnlyList<HttpStatusCode> Statuses, IReadOnlyList<DateTime> FallbacksAt)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return (_statuses, _fallbacksAt);
    }

    /// <summary>Stops the loop if the test ended early; what the loop threw then is not the test's failure, so it is dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception) when (_loop.IsFaulted)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(string userPrefix, int users, TimeSpan pause)
    {
        while (!_stop.IsCancellationRequested)
        {
            var r = await _http.PostAsJsonAsync("/v1/rank", new { userId = userPrefix + Random.Shared.Next(users), candidates = Candidates });
            var fallback = r.IsSuccessStatusCode && (await r.Json()).GetProperty("fallback").GetBoolean();
            _statuses.Add(r.StatusCode);
            if (fallback)
            {
                _fallbacksAt.Add(DateTime.UtcNow);
            }

            await Task.Delay(pause);
        }
    }
}
