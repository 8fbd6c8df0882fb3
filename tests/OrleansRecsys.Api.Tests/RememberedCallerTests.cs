using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// A token the whole bearer pipeline accepted is remembered with its caller: its next requests are authenticated and
/// authorized from memory, and are let in or refused exactly as the generic handlers would let them in or refuse them.
/// </summary>
public sealed class RememberedCallerTests
{
    private const string WhoAmI = "/v1/test-who-am-i";

    [Fact]
    public async Task A_caller_let_in_once_is_let_in_from_memory_on_its_next_requests()
    {
        await using var host = await StartAsync();
        var token = Mint(TimeSpan.FromMinutes(5), Roles.Read);

        Assert.Equal("ClaimsPrincipal", await WhoAmIAsync(host, token));
        Assert.Equal(nameof(RememberedCaller), await WhoAmIAsync(host, token));
        Assert.Equal(nameof(RememberedCaller), await WhoAmIAsync(host, token));
    }

    [Fact]
    public async Task A_remembered_caller_without_the_role_of_an_endpoint_is_still_refused_there()
    {
        await using var host = await StartAsync();
        var reader = Mint(TimeSpan.FromMinutes(5), Roles.Read);

        Assert.Equal(HttpStatusCode.Forbidden, await host.RankStatusAsync(reader));
        Assert.Equal(nameof(RememberedCaller), await WhoAmIAsync(host, reader));
        Assert.Equal(HttpStatusCode.Forbidden, await host.RankStatusAsync(reader));
        Assert.Equal(HttpStatusCode.Forbidden, await host.RankStatusAsync(reader));
    }

    [Fact]
    public async Task A_remembered_admin_passes_the_policy_of_every_role()
    {
        await using var host = await StartAsync();
        var admin = Mint(TimeSpan.FromMinutes(5), Roles.Admin);

        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(admin));
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(admin));
        Assert.Equal(nameof(RememberedCaller), await WhoAmIAsync(host, admin));
    }

    [Fact]
    public async Task A_token_that_lives_longer_than_the_cap_is_refused_on_every_request_not_only_the_first()
    {
        await using var host = await StartAsync();
        var longLived = Mint(TimeSpan.FromDays(30), Roles.Score);

        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(longLived));
        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(longLived));
        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(longLived));
    }

    [Fact]
    public async Task A_request_without_a_token_after_a_remembered_one_on_the_same_client_is_refused()
    {
        await using var host = await StartAsync();
        var scorer = Mint(TimeSpan.FromMinutes(5), Roles.Score);
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(scorer));
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(scorer));

        using var anonymous = await host.Client.GetAsync(WhoAmI);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>The API with one more endpoint (role read) that answers the type of the request's user.</summary>
    private static Task<ApiTestHost> StartAsync() =>
        ApiTestHost.StartAsync(mapMore: app => app.MapGet(WhoAmI, (HttpContext context) => context.User.GetType().Name).RequireAuthorization(Roles.Read));

    private static async Task<string> WhoAmIAsync(ApiTestHost host, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoAmI);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Mint(TimeSpan lifetime, string role) =>
        TokenMinter.Mint(SigningKeys.Decode(ApiTestHost.SigningKey), TokenDefaults.Issuer, TokenDefaults.Audience, "remembered-tests", [role], lifetime);
}
