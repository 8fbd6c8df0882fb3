using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRecsys.Security;

/// <summary>
/// The sealed form of a grain state payload, AES-256-GCM:
/// <code>
/// "RSE" 0x01 | flags (1) | id length n (1) | key id (n, ASCII) | nonce (12) | ciphertext | tag (16)
/// </code>
/// The header (everything before the nonce) and the grain's identity (state name and key, when the caller knows it:
/// flag bit 0) are authenticated as associated data, so a changed byte, a header pointing at another key or a payload
/// copied to another grain's row all fail to open. The nonce is random per write: 2^32 writes under one key keep the
/// chance of a repeat below 2^-32, and the ring is rotated long before that (docs/security.md).
/// </summary>
public static class StateCipher
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;
    private const byte BoundToGrain = 1;
    private const int FixedHeaderBytes = 6;

    private static ReadOnlySpan<byte> Magic => [(byte)'R', (byte)'S', (byte)'E', 1];

    /// <summary>Whether <paramref name="payload"/> starts with the sealed form's header (a plaintext payload does not).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> payload) => payload.Length > FixedHeaderBytes && payload.StartsWith(Magic);

    /// <summary>The id of the key that sealed <paramref name="payload"/>.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> payload) => Encoding.ASCII.GetString(payload.Slice(FixedHeaderBytes, Header(payload).IdLength));

    /// <summary>Seals <paramref name="plaintext"/> under <paramref name="keyId"/>; <paramref name="identity"/> is the grain's
    /// identity bytes, or empty when the caller does not know which grain it writes.</summary>
    public static byte[] Seal(string keyId, byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> identity)
    {
        var id = Encoding.ASCII.GetBytes(keyId);
        var headerLength = FixedHeaderBytes + id.Length;
        var sealedPayload = new byte[headerLength + NonceBytes + plaintext.Length + TagBytes];
        var header = sealedPayload.AsSpan(0, headerLength);
        Magic.CopyTo(header);
        header[4] = identity.IsEmpty ? (byte)0 : BoundToGrain;
        header[5] = checked((byte)id.Length);
        id.CopyTo(header[FixedHeaderBytes..]);
        var nonce = sealedPayload.AsSpan(headerLength, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        var body = sealedPayload.AsSpan(headerLength + NonceBytes);
        aes.Encrypt(nonce, plaintext, body[..plaintext.Length], body[plaintext.Length..], AssociatedData(header, identity));
        return sealedPayload;
    }

    /// <summary>The plaintext of <paramref name="payload"/>, sealed by any key of <paramref name="ring"/> for the grain
    /// <paramref name="identity"/> names; a <see cref="StateDecryptionException"/> saying why otherwise.</summary>
    public static byte[] Open(StateKeyRing ring, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> identity)
    {
        var (headerLength, idLength, bound) = Header(payload);
        var keyId = Encoding.ASCII.GetString(payload.Slice(FixedHeaderBytes, idLength));
        if (!ring.TryGet(keyId, out var key))
        {
            throw new StateDecryptionException(
                $"grain state is sealed under key '{keyId}', which is not in {EncryptionOptions.Section}:Keys (ids: {string.Join(", ", ring.Ids)}); add that key back to read it");
        }

        if (bound && identity.IsEmpty)
        {
            throw new StateDecryptionException("grain state is bound to its grain, but was read without the grain's identity");
        }

        var nonce = payload.Slice(headerLength, NonceBytes);
        var body = payload[(headerLength + NonceBytes)..];
        var plaintext = new byte[body.Length - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(nonce, body[..plaintext.Length], body[plaintext.Length..], plaintext, AssociatedData(payload[..headerLength], bound ? identity : default));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new StateDecryptionException(
                $"grain state sealed under key '{keyId}' failed authentication: it was altered, or it belongs to another grain");
        }

        return plaintext;
    }

    private static (int Length, int IdLength, bool Bound) Header(ReadOnlySpan<byte> payload)
    {
        if (!IsSealed(payload))
        {
            throw new StateDecryptionException("grain state is not in the sealed form (no RSE header)");
        }

        var idLength = payload[5];
        var length = FixedHeaderBytes + idLength;
        if (idLength == 0 || payload.Length < length + NonceBytes + TagBytes)
        {
            throw new StateDecryptionException("grain state has a sealed header but is truncated");
        }

        return (length, idLength, (payload[4] & BoundToGrain) != 0);
    }

    /// <summary>Header, then the identity's length and bytes: a length prefix keeps (header, identity) pairs distinct.</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> identity)
    {
        var data = new byte[header.Length + 4 + identity.Length];
        header.CopyTo(data);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(header.Length), identity.Length);
        identity.CopyTo(data.AsSpan(header.Length + 4));
        return data;
    }
}
