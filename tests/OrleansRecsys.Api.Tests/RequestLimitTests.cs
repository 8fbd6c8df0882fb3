using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// The limits on top of the per-caller token bucket, through the real HTTP pipeline: a route group's rate, shared by all
/// callers (429 with Retry-After), and the process's concurrency limit (503 with Retry-After). The requests here never
/// reach the grid: bad bodies answer 400 in the endpoint, and a refused request never reaches the endpoint.
/// </summary>
public sealed class RequestLimitTests
{
    private const string OneEvent = """[{"eventId":"e1","userId":"u","itemId":"i","type":"view","ts":1000}]""";

    [Fact]
    public async Task A_route_group_over_its_rate_answers_429_to_every_caller_while_other_groups_are_served()
    {
        await using var host = await ApiTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Recsys:RateLimits:RankPerSecond"] = "3",
        });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10; i++)
        {
            // Two callers, each far below its own rate (5,000/s): only the group's limit can refuse them.
            using var request = Post(i % 2 == 0 ? "caller-a" : "caller-b", "/v1/rank", "{}", Roles.Score);
            var response = await host.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], statuses.Take(3));
        Assert.NotNull(refused);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses.Skip(3));
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("rank routes", problem.GetProperty("detail").GetString());

        using var recommend = Post("caller-a", "/v1/recommend", "{}", Roles.Score);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.SendAsync(recommend)).StatusCode);
    }

    [Fact]
    public async Task Past_the_concurrency_limit_a_request_is_refused_with_503_and_retry_after_until_a_slot_frees()
    {
        var intake = new BlockingIntake();
        await using var host = await ApiTestHost.StartAsync(intake, new Dictionary<string, string?>
        {
            ["Recsys:RateLimits:MaxConcurrentRequests"] = "1",
        });

        using var first = Post("caller-a", "/v1/events", OneEvent, Roles.Ingest);
        var held = host.Client.SendAsync(first);
        await intake.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var second = Post("caller-b", "/v1/events", OneEvent, Roles.Ingest);
        using var refused = await host.Client.SendAsync(second);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Overloaded", problem.GetProperty("title").GetString());

        intake.Release.SetResult();
        Assert.Equal(HttpStatusCode.Accepted, (await held).StatusCode);
        using var third = Post("caller-b", "/v1/events", OneEvent, Roles.Ingest);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(third)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
    }

    private static HttpRequestMessage Post(string subject, string path, string json, string role)
    {
        var request = ApiTestHost.AuthorizedAs(subject, HttpMethod.Post, path, role);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>Holds the first publish until released, so one request occupies the only slot.</summary>
    private sealed class BlockingIntake : IEventIntake
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IntakeResult> PublishAsync(string topic, IReadOnlyList<ValidatedEvent> events, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return IntakeResult.Success;
        }
    }
}
