using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// /health/ready is open to probes, but its details (model versions, broker and storage error text) go only to callers
/// whose token carries the read or admin role. The test host has no grid, so the storage check fails with its detail.
/// </summary>
public sealed class ReadinessDetailTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true, Roles.Score)]
    [InlineData(true, Roles.Ingest)]
    public async Task Callers_without_an_operator_role_get_the_status_and_failing_names_only(bool withToken, params string[] roles)
    {
        await using var host = await ApiTestHost.StartAsync();

        var body = await ReadyAsync(host, withToken ? roles : null);

        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.Contains("storage", body.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.False(body.TryGetProperty("checks", out _), "details for a caller without the read role: " + body);
    }

    [Theory]
    [InlineData(Roles.Read)]
    [InlineData(Roles.Admin)]
    public async Task Callers_with_the_read_or_admin_role_get_each_checks_detail(string role)
    {
        await using var host = await ApiTestHost.StartAsync();

        var body = await ReadyAsync(host, [role]);

        Assert.StartsWith("failing: ", body.GetProperty("checks").GetProperty("storage").GetString());
    }

    private static async Task<JsonElement> ReadyAsync(ApiTestHost host, string[]? roles)
    {
        using var request = roles is null ? new HttpRequestMessage(HttpMethod.Get, "/health/ready") : ApiTestHost.Authorized(HttpMethod.Get, "/health/ready", roles);
        using var response = await host.Client.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
