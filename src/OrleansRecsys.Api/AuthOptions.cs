using System.ComponentModel.DataAnnotations;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>Options under <c>Recsys:Auth</c>: how tokens are signed and checked, and the per-caller rate limit.</summary>
/// <remarks>Cross-field rules (the mode's values, the signing key's length) are in <see cref="AuthOptionsValidator"/>.</remarks>
public sealed class AuthOptions
{
    public const string Section = "Recsys:Auth";
    public const string DevelopmentMode = "development";
    public const string ProductionMode = "production";

    /// <summary>
    /// <c>development</c> generates a signing key if none is set and writes an admin token;
    /// <c>production</c> refuses to start without a configured signing key.
    /// </summary>
    [Required(ErrorMessage = "Recsys:Auth:Mode is required: 'development' or 'production'")]
    public string Mode { get; set; } = DevelopmentMode;

    /// <summary>A single HMAC-SHA256 signing key: base64 (prefix <c>base64:</c>) or UTF-8 text, at least 32 bytes; its id is derived from it.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// The HS256 key ring, oldest first: every listed key validates tokens, the last one signs the tokens the grid mints,
    /// and a key removed from the list stops validating. Exclusive with <see cref="SigningKey"/>.
    /// </summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>
    /// An OpenID Connect issuer (e.g. <c>https://idp.example.com/realms/recsys</c>). When set, tokens are validated
    /// against the keys its discovery document publishes (RS256/ES256), and the grid's own HS256 keys are not accepted.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's address when it is not <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Refuses an <see cref="Authority"/> or <see cref="MetadataAddress"/> that is not https (turn off only in tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Where an OIDC token carries the caller's roles: a claim name, or a dotted path into a JSON claim
    /// (<c>realm_access.roles</c>). The values found there are the grid's roles (<c>recsys.read</c>, ...).
    /// </summary>
    [Required(ErrorMessage = "Recsys:Auth:RoleClaim is required")]
    public string RoleClaim { get; set; } = TokenMinter.RolesClaim;

    /// <summary>Where development mode keeps its generated key, so recsysctl can mint tokens.</summary>
    [Required(ErrorMessage = "Recsys:Auth:DevKeyFile is required")]
    public string DevKeyFile { get; set; } = TokenDefaults.DevKeyFile;

    /// <summary>Where development mode writes a ready admin token.</summary>
    [Required(ErrorMessage = "Recsys:Auth:DevTokenFile is required")]
    public string DevTokenFile { get; set; } = TokenDefaults.DevTokenFile;

    [Required(ErrorMessage = "Recsys:Auth:Issuer is required")]
    public string Issuer { get; set; } = TokenDefaults.Issuer;

    [Required(ErrorMessage = "Recsys:Auth:Audience is required")]
    public string Audience { get; set; } = TokenDefaults.Audience;

    /// <summary>Requests per second per token subject (token bucket, burst of the same size).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Recsys:Auth:RateLimitPerSecond must be 1..1000000")]
    public int RateLimitPerSecond { get; set; } = 5000;

    /// <summary>Tokens come from an OpenID Connect provider rather than the grid's own keys.</summary>
    public bool UsesOidc => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);

    /// <summary>Where the discovery document is fetched from.</summary>
    public string ResolveDiscoveryAddress() => !string.IsNullOrWhiteSpace(MetadataAddress)
        ? MetadataAddress
        : Authority!.TrimEnd('/') + "/.well-known/openid-configuration";

    public bool IsProduction => string.Equals(Mode, ProductionMode, StringComparison.OrdinalIgnoreCase);

    public bool IsDevelopment => string.Equals(Mode, DevelopmentMode, StringComparison.OrdinalIgnoreCase);
}
