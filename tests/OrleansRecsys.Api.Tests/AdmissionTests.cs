using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Load shedding on the serving routes through the real HTTP pipeline. A slow serving endpoint (mapped as a later rank
/// route would be: the score role) holds every admission slot; then the queue fills, further rank requests are shed at once
/// with 503 and Retry-After before their endpoint runs, and admin and health routes are still served.
/// </summary>
public sealed class AdmissionTests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entered;

    [Fact]
    public async Task Past_the_admission_limit_and_its_queue_serving_requests_are_shed_with_503_while_admin_and_health_are_served()
    {
        await using var host = await StartAsync();
        var held = new[] { SlowRank(host), SlowRank(host) };
        await WaitForAsync(() => Volatile.Read(ref _entered) == 2);
        var queued = SlowRank(host);
        await WaitForAsync(() => Gate(host).Waiting == 1);

        using var shed = await host.Client.SendAsync(Post("/v1/rank", "{}", Roles.Score));
        await AssertShedAsync(shed);
        using var shedSlow = await host.Client.SendAsync(Post("/v1/slow-rank", "{}", Roles.Score));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, shedSlow.StatusCode);
        using var shedGrpc = await host.Client.SendAsync(GrpcCall("/v1/slow-rank", Roles.Score));
        AssertShedAsGrpc(shedGrpc);
        Assert.Equal(2, Volatile.Read(ref _entered)); // the shed requests never reached their endpoint

        using var admin = await host.Client.SendAsync(Post("/v1/operator-action", "{}", Roles.Admin));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
        Assert.Contains("recsys_admission_shed_total", await host.Client.GetStringAsync("/metrics"));

        _release.SetResult();
        Assert.All(await Task.WhenAll(held.Append(queued)), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        using var after = await host.Client.SendAsync(Post("/v1/rank", "{}", Roles.Score));
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode); // admitted again: the endpoint judges the body
    }

    [Fact]
    public async Task With_admission_off_nothing_is_shed()
    {
        await using var host = await StartAsync(enabled: false);
        var held = new[] { SlowRank(host), SlowRank(host), SlowRank(host), SlowRank(host) };
        await WaitForAsync(() => Volatile.Read(ref _entered) == 4);
        using var rank = await host.Client.SendAsync(Post("/v1/rank", "{}", Roles.Score));
        Assert.Equal(HttpStatusCode.BadRequest, rank.StatusCode);
        _release.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public async Task Serving_requests_that_would_wait_past_the_queue_time_are_refused_with_503_and_Retry_After_instead_of_queued()
    {
        var clock = new ManualClock();
        await using var host = await StartTimedAsync(clock);
        var held = new[] { SlowRank(host), SlowRank(host) };
        await WaitForAsync(() => Volatile.Read(ref _entered) == 2);
        var tooLate = SlowRank(host);
        await WaitForAsync(() => Gate(host).Waiting == 1);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        var inTime = SlowRank(host);
        await WaitForAsync(() => Gate(host).Waiting == 2);

        // 110 ms on: the first waiter's 100 ms are up, and the queue has stood for its 100 ms interval, so a newcomer may
        // wait only 10 ms, and the head (the second waiter) has waited 60: the newcomer is refused at once.
        clock.Advance(TimeSpan.FromMilliseconds(60));
        using var newcomer = await WithinAMinute(host.Client.SendAsync(Post("/v1/rank", "{}", Roles.Score)));
        await AssertShedAsync(newcomer);
        using var refusedWaiter = await WithinAMinute(tooLate);
        await AssertShedAsync(refusedWaiter);
        Assert.Equal(2, Volatile.Read(ref _entered)); // neither reached its endpoint
        Assert.Equal(1, Gate(host).Waiting); // a length limit of 100 would have queued all three
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);

        _release.SetResult();
        Assert.All(await Task.WhenAll(held.Append(inTime)), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public void Bad_admission_settings_stop_the_host_naming_the_key()
    {
        var error = Assert.ThrowsAny<Exception>(() => StartAsync(maxConcurrent: "0").GetAwaiter().GetResult());
        Assert.Contains("Recsys:Admission:MaxConcurrentRequests", error.Message);
    }

    /// <summary>A host whose queue is bounded by its length only (its time allowances are a minute): the length limit's test.</summary>
    private Task<ApiTestHost> StartAsync(bool enabled = true, string maxConcurrent = "2") =>
        ApiTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Recsys:Admission:Enabled"] = enabled ? "true" : "false",
            ["Recsys:Admission:MaxConcurrentRequests"] = maxConcurrent,
            ["Recsys:Admission:QueueLimit"] = "1",
            ["Recsys:Admission:QueueTimeoutMs"] = "60000",
            ["Recsys:Admission:StandingQueueIntervalMs"] = "60000",
        }, mapMore: MapTestRoutes);

    /// <summary>A host whose queue is long enough never to fill in these tests, so only time bounds it, on a clock the test moves.</summary>
    private Task<ApiTestHost> StartTimedAsync(ManualClock clock) =>
        ApiTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Recsys:Admission:MaxConcurrentRequests"] = "2",
            ["Recsys:Admission:QueueLimit"] = "100",
            ["Recsys:Admission:QueueTimeoutMs"] = "100",
            ["Recsys:Admission:StandingQueueTimeoutMs"] = "10",
            ["Recsys:Admission:StandingQueueIntervalMs"] = "100",
        }, mapMore: MapTestRoutes, services: s => s.AddSingleton<TimeProvider>(clock));

    private void MapTestRoutes(WebApplication app)
    {
        app.MapPost("/v1/slow-rank", async () =>
        {
            Interlocked.Increment(ref _entered);
            await _release.Task;
            return TypedResults.Ok();
        }).RequireAuthorization(Roles.Score).WithName("SlowRank");
        app.MapPost("/v1/operator-action", () => TypedResults.Ok()).RequireAuthorization(Roles.Admin);
    }

    private static Task<HttpResponseMessage> SlowRank(ApiTestHost host) => host.Client.SendAsync(Post("/v1/slow-rank", "{}", Roles.Score));

    private static async Task AssertShedAsync(HttpResponseMessage shed)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
        Assert.Equal("1", shed.Headers.GetValues("Retry-After").Single());
        var problem = JsonDocument.Parse(await shed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Overloaded", problem.GetProperty("title").GetString());
        Assert.Contains("rank", problem.GetProperty("detail").GetString());
    }

    /// <summary>A gRPC caller is refused in its own protocol: a trailers-only answer carrying UNAVAILABLE, not an HTTP 503 it cannot read.</summary>
    private static void AssertShedAsGrpc(HttpResponseMessage shed)
    {
        Assert.Equal(HttpStatusCode.OK, shed.StatusCode);
        Assert.Equal(GrpcRefusal.Unavailable.ToString(System.Globalization.CultureInfo.InvariantCulture), shed.Headers.GetValues("grpc-status").Single());
        Assert.Contains("queue is full", Uri.UnescapeDataString(shed.Headers.GetValues("grpc-message").Single()));
        Assert.Equal("1", shed.Headers.GetValues("Retry-After").Single());
    }

    private static HttpRequestMessage GrpcCall(string path, string role)
    {
        var request = ApiTestHost.AuthorizedAs("admission-grpc-" + role, HttpMethod.Post, path, role);
        request.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        return request;
    }

    /// <summary>The admission gate's own counts (the metrics of every host in this test process share one meter name).</summary>
    private static AdmissionGate Gate(ApiTestHost host) => host.Services.GetRequiredService<AdmissionControl>().Gate;

    /// <summary>The answer, or a failure naming the wait if none came in a minute (a guard against a hang, not a timing assertion).</summary>
    private static async Task<HttpResponseMessage> WithinAMinute(Task<HttpResponseMessage> answer) =>
        await Task.WhenAny(answer, Task.Delay(TimeSpan.FromMinutes(1))) == answer ? await answer : throw new Xunit.Sdk.XunitException("the queued request was never answered");

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for the admission state");
            await Task.Delay(20);
        }
    }

    private static HttpRequestMessage Post(string path, string json, string role)
    {
        var request = ApiTestHost.AuthorizedAs("admission-" + role, HttpMethod.Post, path, role);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }
}
