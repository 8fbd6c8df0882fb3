using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys.Api;

/// <summary>Options under <c>Recsys:Auth</c>.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Recsys:Auth";
    public const int MinKeyBytes = 32;

    /// <summary><c>development</c> generates a key if none is set; <c>production</c> refuses to start without one.</summary>
    [Required]
    public string Profile { get; set; } = "development";

    /// <summary>HMAC-SHA256 signing key: base64 (prefix <c>base64:</c>) or UTF-8 text, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the development profile keeps its generated key, so recsysctl can mint tokens.</summary>
    public string DevKeyFile { get; set; } = ".recsys/dev-signing-key";

    /// <summary>Where the development profile writes a ready admin token.</summary>
    public string DevTokenFile { get; set; } = ".recsys/dev-token";

    [Required]
    public string Issuer { get; set; } = "orleans-recsys";

    [Required]
    public string Audience { get; set; } = "recsys";

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

        if (IsProduction && (SigningKey is null || DecodeKey(SigningKey).Length < MinKeyBytes))
        {
            yield return new ValidationResult(
                $"Recsys:Auth:SigningKey must be set to at least {MinKeyBytes} bytes in the production profile", [nameof(SigningKey)]);
        }
    }

    /// <summary>Secrets written by the development profile are readable by their owner only.</summary>
    public static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static byte[] DecodeKey(string key) =>
        key.StartsWith("base64:", StringComparison.Ordinal) ? Convert.FromBase64String(key[7..]) : Encoding.UTF8.GetBytes(key);

    /// <summary>The configured key, or (development only) the key kept in <see cref="DevKeyFile"/>, created on first use.</summary>
    public byte[] ResolveKey()
    {
        if (SigningKey is not null)
        {
            var bytes = DecodeKey(SigningKey);
            return bytes.Length >= MinKeyBytes
                ? bytes
                : throw new InvalidOperationException($"Recsys:Auth:SigningKey is {bytes.Length} bytes; at least {MinKeyBytes} are required");
        }

        if (IsProduction)
        {
            throw new InvalidOperationException("Recsys:Auth:SigningKey is required in the production profile");
        }

        if (File.Exists(DevKeyFile))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(DevKeyFile).Trim());
            if (existing.Length >= MinKeyBytes)
            {
                return existing;
            }
        }

        var key = RandomNumberGenerator.GetBytes(MinKeyBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DevKeyFile))!);
        File.WriteAllText(DevKeyFile, Convert.ToBase64String(key));
        OwnerOnly(DevKeyFile);
        return key;
    }
}
