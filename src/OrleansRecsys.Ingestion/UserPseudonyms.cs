using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// The user id the prediction log carries: <c>p-</c> and the base64url of the first 16 bytes of HMAC-SHA256(key, user id).
/// The same user always gets the same pseudonym under one key, so records of one user still group and join; without
/// the key a pseudonym cannot be reversed or recomputed from a guessed id. <see cref="Off"/> keeps ids as they are.
/// </summary>
public sealed class UserPseudonyms
{
    public const int MinKeyBytes = 32;
    private const int TruncatedBytes = 16;

    private readonly byte[]? _key;

    public UserPseudonyms(byte[] key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"a pseudonym key needs at least {MinKeyBytes} bytes", nameof(key));
        }

        _key = key;
    }

    private UserPseudonyms()
    {
    }

    /// <summary>No pseudonyms: user ids are logged as they are (the development profile, or encryption turned off).</summary>
    public static UserPseudonyms Off { get; } = new();

    public bool IsOn => _key is not null;

    public string Of(string userId)
    {
        if (_key is null)
        {
            return userId;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId), mac);
        return "p-" + Base64Url.EncodeToString(mac[..TruncatedBytes]);
    }
}
