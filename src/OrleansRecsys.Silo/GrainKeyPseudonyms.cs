using System.Buffers.Text;
using System.Security.Cryptography;

namespace OrleansRecsys.Silo;

/// <summary>
/// The key a grain's state row is stored under when the grid keeps grain ids out of the table: <see cref="Prefix"/> and
/// the base64url of HMAC-SHA256(key, the row's identity), where the identity is the state name and the grain key as the
/// ADO.NET provider splits it (<see cref="GrainStateIdentity"/>). One grain always maps to one row; without the key a
/// row cannot be traced back to a user or item id, nor found from a guessed one. A state name is part of the input, so
/// user "42" and item "42" get unrelated pseudonyms.
/// </summary>
internal sealed class GrainKeyPseudonyms
{
    /// <summary>Marks a pseudonymous key; no grain id of the grid's formats (string, integer or GUID keys) is confused with
    /// one by the ADO.NET provider, which stores it as a string key.</summary>
    public const string Prefix = "ps1-";

    public const int MinKeyBytes = 32;

    private static readonly int EncodedLength = Prefix.Length + Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);

    private readonly byte[] _key;

    public GrainKeyPseudonyms(byte[] key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"a grain key pseudonym key needs at least {MinKeyBytes} bytes", nameof(key));
        }

        _key = key;
    }

    /// <summary>The grain id the storage provider is given for <paramref name="grainId"/>'s state <paramref name="stateName"/>:
    /// the same grain type, with the pseudonym as its (string) key.</summary>
    public GrainId Of(string stateName, GrainId grainId) =>
        GrainId.Create(grainId.Type, Of(GrainStateIdentity.Of(stateName, grainId)));

    /// <summary>The pseudonym of a stored row's identity (state name, key numbers and key string, as the table holds them).</summary>
    public string Of(string stateName, long n0, long n1, string? keyString) => Of(GrainStateIdentity.Of(stateName, n0, n1, keyString));

    /// <summary>Whether a stored key string is a pseudonym (and so must not be pseudonymised again).</summary>
    public static bool IsPseudonym(string? keyString) =>
        keyString is not null && keyString.Length == EncodedLength && keyString.StartsWith(Prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(keyString.AsSpan(Prefix.Length));

    private string Of(byte[] identity)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, identity, mac);
        return Prefix + Base64Url.EncodeToString(mac);
    }
}
