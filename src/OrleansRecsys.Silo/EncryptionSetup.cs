using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// Encryption at rest for a silo: <c>Recsys:Encryption</c> validated at start, the <see cref="StateEncryption"/> the
/// grain storage serializer seals with, and the prediction log's <see cref="UserPseudonyms"/>.
/// </summary>
internal static class EncryptionSetup
{
    public static void AddRecsysEncryption(this WebApplicationBuilder builder, StartupSettings settings)
    {
        builder.Services.AddSingleton<IValidateOptions<EncryptionOptions>>(new EncryptionOptionsValidator(settings.Profile, settings.Storage));
        builder.Services.AddValidatedOptions<EncryptionOptions>(EncryptionOptions.Section);
        builder.Services.AddSingleton(sp => StateEncryption.From(sp.GetRequiredService<IOptions<EncryptionOptions>>().Value));
        builder.Services.AddSingleton(sp => PseudonymsFrom(sp.GetRequiredService<IOptions<EncryptionOptions>>().Value));
    }

    /// <summary>Pseudonyms under the configured key; user ids unchanged when encryption is off or no key is set
    /// (the development profile).</summary>
    public static UserPseudonyms PseudonymsFrom(EncryptionOptions options) =>
        options.Enabled != false && DecodePseudonymKey(options.PseudonymKey) is { } key ? new UserPseudonyms(key) : UserPseudonyms.Off;

    /// <summary>Pseudonyms for the grain-state table's key column; null (grain ids stored as they are) when encryption is
    /// off or no <c>GrainKeyPseudonymKey</c> is set.</summary>
    public static GrainKeyPseudonyms? GrainKeyPseudonymsFrom(EncryptionOptions options) =>
        options.Enabled != false && DecodePseudonymKey(options.GrainKeyPseudonymKey) is { } key ? new GrainKeyPseudonyms(key) : null;

    /// <summary>The key's bytes, or null when it is missing, not base64 or shorter than 32 bytes.</summary>
    public static byte[]? DecodePseudonymKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written >= UserPseudonyms.MinKeyBytes ? bytes[..written] : null;
    }
}
