using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRecsys.Security;

namespace OrleansRecsys.BrowserTests;

/// <summary>Tokens for the console's sign-in: valid ones from the grid's test key, a forged one and an expired one.</summary>
public static class TestTokens
{
    public const string SigningKey = "browser-tests-signing-key-0123456789abcdef";
    private const string Issuer = "orleans-recsys";
    private const string Audience = "recsys";

    public static string Valid(string subject, params string[] roles) =>
        TokenMinter.Mint(SigningKeys.Decode(SigningKey), Issuer, Audience, subject, roles, TimeSpan.FromHours(1));

    /// <summary>Well formed and claiming the admin role, but signed with a key the grid does not hold.</summary>
    public static string Forged() =>
        TokenMinter.Mint(SigningKeys.Decode("a-key-the-grid-has-never-seen-0123456789"), Issuer, Audience, "mallory", [Roles.Admin], TimeSpan.FromHours(1));

    /// <summary>Signed with the grid's key, but it expired an hour ago (well past the 30 s clock skew).</summary>
    public static string Expired()
    {
        var key = HmacKey.WithDerivedId(SigningKeys.Decode(SigningKey));
        var issued = DateTime.UtcNow.AddHours(-2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "late", [TokenMinter.RolesClaim] = new[] { Roles.Admin } },
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key.Bytes) { KeyId = key.Id }, SecurityAlgorithms.HmacSha256),
        });
    }
}
