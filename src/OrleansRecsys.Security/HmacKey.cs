using System.Security.Cryptography;

namespace OrleansRecsys.Security;

/// <summary>One HMAC-SHA256 key of the signing key ring and its key id (<c>kid</c>), which tokens signed with it carry.</summary>
public sealed record HmacKey(string Id, byte[] Bytes)
{
    /// <summary>
    /// A key that has no configured id (the development key file, a single <c>SigningKey</c>): the id is derived from
    /// the key, so the grid and recsysctl name the same key alike without sharing anything but the key.
    /// </summary>
    public static HmacKey WithDerivedId(byte[] bytes) => new(DeriveId(bytes), bytes);

    /// <summary>The first 8 bytes of the key's SHA-256, base64url: names the key without revealing it.</summary>
    public static string DeriveId(byte[] bytes) =>
        "h-" + Convert.ToBase64String(SHA256.HashData(bytes), 0, 8).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
