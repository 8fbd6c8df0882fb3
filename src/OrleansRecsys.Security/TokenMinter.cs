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
    public static string Mint(byte[] key, string issuer, string audience, string subject, IEnumerable<string> roles, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles.ToArray() };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-5),
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    public static TokenValidationParameters Validation(byte[] key, string issuer, string audience) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKey = new SymmetricSecurityKey(key),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RoleClaimType = "roles",
        NameClaimType = "sub",
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public static string Subject(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "unknown";
}
