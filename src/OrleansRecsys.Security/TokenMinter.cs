using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansRecsys.Security;

/// <summary>
/// Mints HS256 tokens with a <c>roles</c> claim (the dev token, <c>recsysctl token</c>, tests) and describes how the
/// API validates them, so minting and validation cannot drift apart.
/// </summary>
public static class TokenMinter
{
    /// <summary>The claim holding the caller's roles in tokens the grid's own keys sign.</summary>
    public const string RolesClaim = "roles";

    /// <summary>Signs with <paramref name="key"/> and names it in the header (<c>kid</c>), so a key ring can rotate.</summary>
    public static string Mint(HmacKey key, string issuer, string audience, string subject, IEnumerable<string> roles, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, [RolesClaim] = roles.ToArray() };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-5),
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key.Bytes) { KeyId = key.Id }, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Signs with a key that has no configured id; the id is derived from the key.</summary>
    public static string Mint(byte[] key, string issuer, string audience, string subject, IEnumerable<string> roles, TimeSpan lifetime) =>
        Mint(HmacKey.WithDerivedId(key), issuer, audience, subject, roles, lifetime);

    /// <summary>
    /// Any key of the ring validates. A token whose <c>kid</c> names a listed key is checked with that key; one without
    /// a <c>kid</c> (minted before keys had ids) is tried against each; a token signed by a key no longer listed fails.
    /// </summary>
    public static TokenValidationParameters Validation(IEnumerable<HmacKey> keys, string issuer, string audience) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKeys = keys.Select(k => new SymmetricSecurityKey(k.Bytes) { KeyId = k.Id }).ToArray(),
        TryAllIssuerSigningKeys = true,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RoleClaimType = RolesClaim,
        NameClaimType = "sub",
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public static TokenValidationParameters Validation(byte[] key, string issuer, string audience) =>
        Validation([HmacKey.WithDerivedId(key)], issuer, audience);

    public static string Subject(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "unknown";
}
