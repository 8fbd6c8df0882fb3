using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Api;

/// <summary>
/// The HS256 key ring, resolved once: <c>Recsys:Auth:SigningKeys</c> (oldest first), or the single
/// <c>Recsys:Auth:SigningKey</c>, or in development mode the key kept in <see cref="AuthOptions.DevKeyFile"/> (created on
/// first use, so recsysctl on the same machine can mint tokens with it).
/// </summary>
public sealed class SigningKeyHolder(IOptions<AuthOptions> options)
{
    /// <summary>Every key that validates tokens, oldest first.</summary>
    public IReadOnlyList<HmacKey> Keys { get; } = Resolve(options.Value);

    /// <summary>The newest key: the one the grid signs its own tokens with.</summary>
    public HmacKey Current => Keys[^1];

    /// <summary>The newest key's bytes.</summary>
    public byte[] Key => Current.Bytes;

    private static HmacKey[] Resolve(AuthOptions auth)
    {
        if (auth.SigningKeys.Count > 0)
        {
            return auth.SigningKeys.Select((k, i) => new HmacKey(k.Id!, Decode($"Recsys:Auth:SigningKeys:{i}:Key", k.Key!))).ToArray();
        }

        if (auth.SigningKey is not null)
        {
            return [HmacKey.WithDerivedId(Decode("Recsys:Auth:SigningKey", auth.SigningKey))];
        }

        return auth.IsProduction
            ? throw new InvalidOperationException("Recsys:Auth:SigningKey is required in production mode")
            : [HmacKey.WithDerivedId(SigningKeys.ReadOrCreateDevKeyFile(auth.DevKeyFile))];
    }

    private static byte[] Decode(string key, string value) =>
        AuthOptionsValidator.KeyProblem(key, value) is { } problem ? throw new InvalidOperationException(problem) : SigningKeys.Decode(value);
}
