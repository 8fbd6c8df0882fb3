using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// Validated bearer tokens are remembered, but a remembered answer is never kinder than a fresh validation: past the
/// token's expiry, or once the key that signed it is no longer listed, the token is validated again and refused.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly HmacKey Old = new("2026-11", "old-ring-key-of-at-least-thirty-two-bytes"u8.ToArray());
    private static readonly HmacKey New = new("2026-12", "new-ring-key-of-at-least-thirty-two-bytes"u8.ToArray());

    private readonly Clock _clock = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler _inner = new();

    [Fact]
    public async Task The_same_token_is_validated_once_and_then_answered_from_memory()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var parameters = Parameters(Old, New);
        var token = Mint(New, TimeSpan.FromMinutes(5));

        var first = await cache.ValidateTokenAsync(token, parameters);
        var second = await cache.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Same(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(1, _inner.Validations);
    }

    [Fact]
    public async Task A_remembered_token_past_its_expiry_is_validated_again_and_refused()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var parameters = Parameters(New);
        var token = Mint(New, TimeSpan.FromMinutes(5));
        Assert.True((await cache.ValidateTokenAsync(token, parameters)).IsValid);

        _clock.Now += TimeSpan.FromMinutes(10);

        Assert.False((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task A_remembered_token_whose_key_left_the_ring_is_refused()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var token = Mint(Old, TimeSpan.FromMinutes(5));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(Old, New))).IsValid);

        var afterRotation = Parameters(New);

        Assert.False((await cache.ValidateTokenAsync(token, afterRotation)).IsValid);
        Assert.False(cache.Knows(token));
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var impostor = Mint(new HmacKey(New.Id, "a-key-nobody-listed-of-at-least-32-bytes!"u8.ToArray()), TimeSpan.FromMinutes(5));

        Assert.False((await cache.ValidateTokenAsync(impostor, Parameters(New))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(impostor, Parameters(New))).IsValid);
        Assert.Equal(2, _inner.Validations);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_cache_never_holds_more_tokens_than_its_capacity()
    {
        var cache = new ValidatedTokenCache(_inner, _clock, capacity: 3);
        var parameters = Parameters(New);

        for (var i = 0; i < 7; i++)
        {
            Assert.True((await cache.ValidateTokenAsync(Mint(New, TimeSpan.FromMinutes(5 + i)), parameters)).IsValid);
            Assert.InRange(cache.Count, 1, 3);
        }
    }

    [Fact]
    public async Task An_identity_is_prepared_once_before_later_requests_share_it()
    {
        var prepared = 0;
        var cache = new ValidatedTokenCache(_inner, _clock, identity =>
        {
            prepared++;
            identity.AddClaim(new Claim("recsys_role", Roles.Score));
        });
        var token = Mint(New, TimeSpan.FromMinutes(5));
        var parameters = Parameters(New);

        for (var i = 0; i < 3; i++)
        {
            var result = await cache.ValidateTokenAsync(token, parameters);
            Assert.Single(result.ClaimsIdentity.FindAll("recsys_role"));
        }

        Assert.Equal(1, prepared);
    }

    [Fact]
    public async Task A_validated_token_is_recalled_only_once_the_pipeline_accepted_it()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var parameters = Parameters(New);
        var token = Mint(New, TimeSpan.FromMinutes(5));
        var result = await cache.ValidateTokenAsync(token, parameters);

        Assert.Null(cache.Recall(token, null, parameters.IssuerSigningKeys));

        cache.Accept(token, new ClaimsPrincipal(result.ClaimsIdentity), "Bearer");
        var caller = cache.Recall(token, null, parameters.IssuerSigningKeys);

        Assert.NotNull(caller);
        Assert.Same(result.ClaimsIdentity, caller.Identity);
        Assert.Same(caller, cache.Recall(token, null, parameters.IssuerSigningKeys));
    }

    [Fact]
    public async Task An_accepted_token_is_not_recalled_once_its_key_is_unlisted_or_past_its_expiry()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var ring = Parameters(Old, New);
        var token = Mint(Old, TimeSpan.FromMinutes(5));
        var validated = await cache.ValidateTokenAsync(token, ring);
        cache.Accept(token, new ClaimsPrincipal(validated.ClaimsIdentity), "Bearer");
        Assert.NotNull(cache.Recall(token, null, ring.IssuerSigningKeys));

        var withoutOld = ring.IssuerSigningKeys.Where(k => k.KeyId != Old.Id).ToArray();
        Assert.Null(cache.Recall(token, null, withoutOld));

        _clock.Now += TimeSpan.FromMinutes(10);
        Assert.Null(cache.Recall(token, null, ring.IssuerSigningKeys));
    }

    [Fact]
    public void A_token_never_validated_cannot_be_accepted()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var parameters = Parameters(New);
        var token = Mint(New, TimeSpan.FromMinutes(5));

        cache.Accept(token, new ClaimsPrincipal(new ClaimsIdentity("test")), "Bearer");

        Assert.Null(cache.Recall(token, null, parameters.IssuerSigningKeys));
    }

    private static string Mint(HmacKey key, TimeSpan lifetime) =>
        TokenMinter.Mint(key, TokenDefaults.Issuer, TokenDefaults.Audience, "cache-tests", [Roles.Score], lifetime);

    /// <summary>The ring's validation, with lifetimes judged on the test's clock.</summary>
    private TokenValidationParameters Parameters(params HmacKey[] ring)
    {
        var parameters = TokenMinter.Validation(ring, TokenDefaults.Issuer, TokenDefaults.Audience);
        parameters.ClockSkew = TimeSpan.Zero;
        parameters.LifetimeValidator = (_, expires, _, _) => expires is { } e && _clock.Now.UtcDateTime < e;
        return parameters;
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The handler the API uses, counting its validations.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

        public int Validations { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Validations++;
            return _handler.ValidateTokenAsync(token, validationParameters);
        }
    }
}
