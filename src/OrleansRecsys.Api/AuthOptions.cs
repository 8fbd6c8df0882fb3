using System.ComponentModel.DataAnnotations;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>Options under <c>Recsys:Auth</c>.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Recsys:Auth";

    /// <summary><c>development</c> generates a key if none is set; <c>production</c> refuses to start without one.</summary>
    [Required]
    public string Profile { get; set; } = "development";

    /// <summary>HMAC-SHA256 signing key: base64 (prefix <c>base64:</c>) or UTF-8 text, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the development profile keeps its generated key, so recsysctl can mint tokens.</summary>
    public string DevKeyFile { get; set; } = TokenDefaults.DevKeyFile;

    /// <summary>Where the development profile writes a ready admin token.</summary>
    public string DevTokenFile { get; set; } = TokenDefaults.DevTokenFile;

    [Required]
    public string Issuer { get; set; } = TokenDefaults.Issuer;

    [Required]
    public string Audience { get; set; } = TokenDefaults.Audience;

    /// <summary>Requests per second per token subject (token bucket, burst of the same size).</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerSecond { get; set; } = 5000;

    public bool IsProduction => string.Equals(Profile, "production", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsProduction && !string.Equals(Profile, "development", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Recsys:Auth:Profile must be 'development' or 'production'", [nameof(Profile)]);
        }

        if (IsProduction && (SigningKey is null || SigningKeys.Decode(SigningKey).Length < SigningKeys.MinBytes))
        {
            yield return new ValidationResult(
                $"Recsys:Auth:SigningKey must be set to at least {SigningKeys.MinBytes} bytes in the production profile", [nameof(SigningKey)]);
        }
    }

    /// <summary>The configured key, or (development only) the key kept in <see cref="DevKeyFile"/>, created on first use.</summary>
    public byte[] ResolveKey()
    {
        if (SigningKey is not null)
        {
            var bytes = SigningKeys.Decode(SigningKey);
            return bytes.Length >= SigningKeys.MinBytes
                ? bytes
                : throw new InvalidOperationException($"Recsys:Auth:SigningKey is {bytes.Length} bytes; at least {SigningKeys.MinBytes} are required");
        }

        if (IsProduction)
        {
            throw new InvalidOperationException("Recsys:Auth:SigningKey is required in the production profile");
        }

        return SigningKeys.ReadOrCreateDevKeyFile(DevKeyFile);
    }
}
