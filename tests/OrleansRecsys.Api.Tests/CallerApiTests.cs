using System.Net;
using System.Net.Http.Json;

namespace OrleansRecsys.Api.Tests;

/// <summary>GET /v1/me: what the console shows the caller may do comes from the validated token, not from the page.</summary>
public sealed class CallerApiTests : IAsyncLifetime
{
    private ApiTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_read_token_is_told_its_subject_and_that_it_cannot_edit()
    {
        var caller = await MeAsync(Roles.Read);

        Assert.Equal("api-tests", caller.Subject);
        Assert.Equal([Roles.Read], caller.Roles);
        Assert.False(caller.CanEdit);
    }

    [Fact]
    public async Task An_admin_token_can_edit()
    {
        var caller = await MeAsync(Roles.Admin);

        Assert.Equal([Roles.Admin], caller.Roles);
        Assert.True(caller.CanEdit);
    }

    [Fact]
    public async Task A_token_without_a_console_role_is_refused_and_no_token_is_unauthorized()
    {
        using var scoreOnly = await _host.Client.SendAsync(ApiTestHost.Authorized(HttpMethod.Get, "/v1/me", Roles.Score));
        using var anonymous = await _host.Client.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.Forbidden, scoreOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<CallerInfo> MeAsync(params string[] roles)
    {
        using var response = await _host.Client.SendAsync(ApiTestHost.Authorized(HttpMethod.Get, "/v1/me", roles));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CallerInfo>())!;
    }
}
