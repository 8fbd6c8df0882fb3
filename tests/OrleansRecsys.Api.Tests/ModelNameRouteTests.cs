using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Every rollout and retraining endpoint refuses a malformed model name in its route with a 400 naming <c>name</c>, and
/// a retraining change without a reason with a 400 naming <c>reason</c>, before any grain is called (the host here has no
/// grid, so a request that got past the checks would not answer 400).
/// </summary>
public sealed class ModelNameRouteTests : IAsyncLifetime
{
    private ApiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET", "rollout", null)]
    [InlineData("GET", "rollout/history", null)]
    [InlineData("PUT", "rollout", """{"canary":"v2","canaryPercent":10,"revision":1,"reason":"r"}""")]
    [InlineData("POST", "rollout/promote", """{"revision":1,"reason":"r"}""")]
    [InlineData("POST", "rollout/rollback", """{"revision":1,"reason":"r"}""")]
    [InlineData("POST", "rollout/remove", """{"revision":1,"reason":"r","version":"v2"}""")]
    [InlineData("GET", "retraining", null)]
    [InlineData("PUT", "retraining", """{"reason":"r"}""")]
    [InlineData("GET", "retraining/runs", null)]
    [InlineData("POST", "retraining/runs", """{"reason":"r"}""")]
    public async Task A_malformed_model_name_in_the_route_is_a_400_naming_it(string method, string path, string? body)
    {
        var (status, problem) = await SendAsync(new HttpMethod(method), $"/v1/models/Not%20A%20Name/{path}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("name", problem.GetProperty("field").GetString());
        Assert.Contains("Not A Name", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("PUT", "retraining", """{"enabled":true}""")]
    [InlineData("POST", "retraining/runs", """{"reason":"  "}""")]
    public async Task A_retraining_change_without_a_reason_is_a_400_naming_it(string method, string path, string body)
    {
        var (status, problem) = await SendAsync(new HttpMethod(method), $"/v1/models/ranker/{path}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("reason", problem.GetProperty("field").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> SendAsync(HttpMethod method, string path, string? body)
    {
        using var request = ApiTestHost.Authorized(method, path, Roles.Admin, Roles.Read);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
