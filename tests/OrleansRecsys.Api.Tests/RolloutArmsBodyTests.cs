using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Arms in a rollout write and decision bodies are checked before any grain is called: an ambiguous or malformed body
/// is a 400 naming the field (the host here has no grid, so a body that passed would not answer 400).
/// </summary>
public sealed class RolloutArmsBodyTests : IAsyncLifetime
{
    private ApiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("""{"canary":"v2","arms":[{"version":"v2","weight":100}],"revision":1,"reason":"r"}""", "canary")]
    [InlineData("""{"canaryPercent":0,"arms":[{"version":"v2","weight":100}],"revision":1,"reason":"r"}""", "canaryPercent")]
    [InlineData("""{"arms":[null],"revision":1,"reason":"r"}""", "arms[0]")]
    [InlineData("""{"arms":[{"weight":100}],"revision":1,"reason":"r"}""", "arms[0].version")]
    [InlineData("""{"arms":[{"version":"v2","weight":100},{"version":"v3"}],"revision":1,"reason":"r"}""", "arms[1].weight")]
    [InlineData("""{"arms":[{"version":"V 2","weight":100}],"revision":1,"reason":"r"}""", "arms[0].version")]
    [InlineData("""{"arms":[{"version":"v2","weight":10001}],"revision":1,"reason":"r"}""", "arms[0].weight")]
    [InlineData("""{"arms":[{"version":"v2","weight":5000},{"version":"v3","weight":5001}],"revision":1,"reason":"r"}""", "arms")]
    [InlineData("""{"arms":[{"version":"v2","weight":1.5}],"revision":1,"reason":"r"}""", "arms[0].weight")]
    public async Task A_rollout_write_with_bad_or_ambiguous_arms_is_a_400_naming_the_field(string body, string field)
    {
        var (status, problem) = await SendAsync(HttpMethod.Put, "/v1/models/ranker/rollout", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("remove", """{"revision":1,"reason":"r"}""", "version")]
    [InlineData("rollback", """{"revision":1,"reason":"r","version":"v2"}""", "version")]
    [InlineData("promote", """{"revision":1,"reason":"r","version":"V 2"}""", "version")]
    [InlineData("remove", """{"reason":"r","version":"v2"}""", "revision")]
    public async Task A_decision_with_a_missing_or_misplaced_version_is_a_400_naming_it(string decision, string body, string field)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, $"/v1/models/ranker/rollout/{decision}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> SendAsync(HttpMethod method, string path, string body)
    {
        using var request = ApiTestHost.Authorized(method, path, Roles.Admin);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
