using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// The signing key, resolved once: the configured <c>Recsys:Auth:SigningKey</c>, or in development mode the key kept in
/// <see cref="AuthOptions.DevKeyFile"/> (created on first use, so recsysctl on the same machine can mint tokens with it).
/// </summary>
public sealed class SigningKeyHolder(IOptions<AuthOptions> options)
{
    public byte[] Key { get; } = Resolve(options.Value);

    private static byte[] Resolve(AuthOptions auth)
    {
        if (auth.SigningKey is not null)
        {
            var bytes = SigningKeys.Decode(auth.SigningKey);
            return bytes.Length >= SigningKeys.MinBytes
                ? bytes
                : throw new InvalidOperationException($"Recsys:Auth:SigningKey is {bytes.Length} bytes; at least {SigningKeys.MinBytes} are required");
        }

        return auth.IsProduction
            ? throw new InvalidOperationException("Recsys:Auth:SigningKey is required in production mode")
            : SigningKeys.ReadOrCreateDevKeyFile(auth.DevKeyFile);
    }
}
