using System.Security.Cryptography;
using Microsoft.Extensions.Options;

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
            var bytes = AuthOptions.DecodeKey(auth.SigningKey);
            return bytes.Length >= AuthOptions.MinKeyBytes
                ? bytes
                : throw new InvalidOperationException($"Recsys:Auth:SigningKey is {bytes.Length} bytes; at least {AuthOptions.MinKeyBytes} are required");
        }

        if (auth.IsProduction)
        {
            throw new InvalidOperationException("Recsys:Auth:SigningKey is required in production mode");
        }

        return ReadDevelopmentKey(auth.DevKeyFile) ?? CreateDevelopmentKey(auth.DevKeyFile);
    }

    private static byte[]? ReadDevelopmentKey(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return existing.Length >= AuthOptions.MinKeyBytes ? existing : null;
    }

    private static byte[] CreateDevelopmentKey(string path)
    {
        var key = RandomNumberGenerator.GetBytes(AuthOptions.MinKeyBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, Convert.ToBase64String(key));
        AuthOptions.OwnerOnly(path);
        return key;
    }
}
