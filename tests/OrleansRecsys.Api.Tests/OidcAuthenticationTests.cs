using System.Net;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Tokens of an OpenID Connect provider (one this test serves: discovery document and JWKS) are checked against the
/// provider's published keys, issuer and the grid's audience; roles come from the configured claim path.
/// </summary>
public sealed class OidcAuthenticationTests : IAsyncLifetime
{
    private TestIdentityProvider _idp = null!;
    private ApiTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _idp = await TestIdentityProvider.StartAsync();
        _idp.AddRsaKey("rsa-1");
        _idp.AddEcKey("ec-1");
        _host = await ApiTestHost.StartAsync(auth: new Dictionary<string, string>
        {
            ["Authority"] = _idp.Issuer,
            ["RequireHttpsMetadata"] = "false",
            ["RoleClaim"] = "realm_access.roles",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Theory]
    [InlineData("rsa-1")]
    [InlineData("ec-1")]
    public async Task A_token_signed_with_a_published_key_and_a_nested_role_is_let_in(string kid)
    {
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(_idp.Token(kid, Roles_(Roles.Score))));
    }

    [Fact]
    public async Task A_key_the_provider_publishes_after_start_is_followed_on_its_first_token()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(_idp.Token("rsa-1", Roles_(Roles.Score))));
        var fetchesBefore = _idp.JwksRequests;

        _idp.AddRsaKey("rsa-2");

        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(_idp.Token("rsa-2", Roles_(Roles.Score))));
        Assert.Equal(fetchesBefore + 1, _idp.JwksRequests);
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(_idp.Token("rsa-1", Roles_(Roles.Score))));
    }

    [Fact]
    public async Task A_token_let_in_before_is_refused_once_the_provider_withdraws_its_key()
    {
        var token = _idp.Token("rsa-1", Roles_(Roles.Score));
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(token));
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(token));

        // Revocation: rsa-1 leaves the key set; the first token signed with the new key makes the grid fetch it again.
        _idp.Withdraw("rsa-1");
        _idp.AddRsaKey("rsa-2");
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(_idp.Token("rsa-2", Roles_(Roles.Score))));

        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(token));
    }

    [Fact]
    public async Task A_token_naming_a_key_the_provider_never_published_fetches_the_keys_once_and_is_refused()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await _host.RankStatusAsync(_idp.Token("rsa-1", Roles_(Roles.Score))));
        var fetchesBefore = _idp.JwksRequests;
        _idp.AddRsaKey("ghost", publish: false);

        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(_idp.Token("ghost", Roles_(Roles.Score))));
        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(_idp.Token("ghost", Roles_(Roles.Score))));
        Assert.Equal(fetchesBefore + 1, _idp.JwksRequests);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var past = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        var token = _idp.Token("rsa-1", c =>
        {
            Roles_(Roles.Score)(c);
            (c["iat"], c["nbf"], c["exp"]) = (past - 300, past - 300, past);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(token));
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = _idp.Token("rsa-1", c =>
        {
            Roles_(Roles.Score)(c);
            c["aud"] = "another-api";
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(token));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = _idp.Token("rsa-1", c =>
        {
            Roles_(Roles.Score)(c);
            c["iss"] = "https://elsewhere.example";
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(token));
    }

    [Fact]
    public async Task Roles_outside_the_configured_path_grant_nothing()
    {
        var topLevel = _idp.Token("rsa-1", c => c["roles"] = new[] { Roles.Score });
        var otherRole = _idp.Token("rsa-1", Roles_(Roles.Read));
        var noRoles = _idp.Token("rsa-1");

        Assert.Equal(HttpStatusCode.Forbidden, await _host.RankStatusAsync(topLevel));
        Assert.Equal(HttpStatusCode.Forbidden, await _host.RankStatusAsync(otherRole));
        Assert.Equal(HttpStatusCode.Forbidden, await _host.RankStatusAsync(noRoles));
    }

    [Fact]
    public async Task A_token_signed_with_a_shared_hs256_key_is_refused_when_a_provider_is_configured()
    {
        var token = TokenMinter.Mint(SigningKeys.Decode(ApiTestHost.SigningKey), _idp.Issuer, "recsys", "mallory", [Roles.Admin], TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, await _host.RankStatusAsync(token));
    }

    [Fact]
    public async Task When_the_provider_cannot_be_reached_before_any_key_is_known_the_answer_is_401_not_500()
    {
        var token = _idp.Token("rsa-1", Roles_(Roles.Score));
        var unreachable = _idp.Issuer;
        await _idp.DisposeAsync();
        _idp = await TestIdentityProvider.StartAsync();
        await using var host = await ApiTestHost.StartAsync(auth: new Dictionary<string, string>
        {
            ["Authority"] = unreachable,
            ["RequireHttpsMetadata"] = "false",
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(token));
    }

    /// <summary>Puts the roles where Keycloak does: <c>realm_access.roles</c>.</summary>
    private static Action<Dictionary<string, object>> Roles_(params string[] roles) =>
        c => c["realm_access"] = new Dictionary<string, object> { ["roles"] = roles };
}
