using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// The HS256 key ring: every listed key validates the tokens that name it, so a new key can be added before it signs
/// and an old one removed after its tokens expired; a removed key's tokens are refused.
/// </summary>
public sealed class SigningKeyRingTests
{
    private static readonly HmacKey Old = new("2026-11", "old-ring-key-of-at-least-thirty-two-bytes"u8.ToArray());
    private static readonly HmacKey New = new("2026-12", "new-ring-key-of-at-least-thirty-two-bytes"u8.ToArray());

    [Fact]
    public async Task Both_keys_validate_while_both_are_listed()
    {
        await using var host = await StartWith(Old, New);

        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(Mint(Old)));
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(Mint(New)));
    }

    [Fact]
    public async Task A_removed_key_no_longer_validates_its_tokens()
    {
        await using var host = await StartWith(New);

        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(Mint(Old)));
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(Mint(New)));
    }

    [Fact]
    public async Task A_token_claiming_the_old_kid_but_signed_with_an_unlisted_key_is_refused()
    {
        await using var host = await StartWith(Old, New);
        var impostor = new HmacKey(Old.Id, "a-key-nobody-listed-of-at-least-32-bytes!"u8.ToArray());

        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(Mint(impostor)));
    }

    [Fact]
    public async Task The_last_listed_key_is_the_one_the_grid_signs_with()
    {
        await using var host = await StartWith(Old, New);

        var holder = host.Services.GetRequiredService<SigningKeyHolder>();

        Assert.Equal(New.Id, holder.Current.Id);
        Assert.Equal([Old.Id, New.Id], holder.Keys.Select(k => k.Id));
    }

    [Fact]
    public async Task A_token_that_lives_longer_than_the_cap_is_refused_even_with_a_listed_key()
    {
        await using var host = await StartWith(New);
        var longLived = TokenMinter.Mint(New, TokenDefaults.Issuer, TokenDefaults.Audience, "api-tests", [Roles.Score], TimeSpan.FromDays(30));
        var atTheCap = TokenMinter.Mint(New, TokenDefaults.Issuer, TokenDefaults.Audience, "api-tests", [Roles.Score], TokenDefaults.MaxLifetime);

        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(longLived));
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(atTheCap));
    }

    [Fact]
    public async Task A_token_let_in_is_remembered_so_its_next_requests_skip_validation()
    {
        await using var host = await StartWith(New);
        var token = Mint(New);

        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(token));

        var bearer = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var cache = Assert.IsType<ValidatedTokenCache>(Assert.Single(bearer.TokenHandlers));
        Assert.True(cache.Knows(token));
        Assert.Equal(HttpStatusCode.BadRequest, await host.RankStatusAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await host.RankStatusAsync(Mint(Old)));
    }

    private static string Mint(HmacKey key) =>
        TokenMinter.Mint(key, TokenDefaults.Issuer, TokenDefaults.Audience, "api-tests", [Roles.Score], TimeSpan.FromMinutes(5));

    private static Task<ApiTestHost> StartWith(params HmacKey[] ring)
    {
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < ring.Length; i++)
        {
            settings[$"SigningKeys:{i}:Id"] = ring[i].Id;
            settings[$"SigningKeys:{i}:Key"] = "base64:" + Convert.ToBase64String(ring[i].Bytes);
        }

        return ApiTestHost.StartAsync(auth: settings);
    }
}
