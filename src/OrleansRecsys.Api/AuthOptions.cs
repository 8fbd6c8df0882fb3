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

    /// <summary>HMAC-SHA256 signing key: base64 (prefix <c>base64:</c>) or UTF-8 text, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

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

    public bool IsProduction => string.Equals(Mode, ProductionMode, StringComparison.OrdinalIgnoreCase);

    public bool IsDevelopment => string.Equals(Mode, DevelopmentMode, StringComparison.OrdinalIgnoreCase);
}
