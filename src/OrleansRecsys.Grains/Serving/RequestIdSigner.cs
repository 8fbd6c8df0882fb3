using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OrleansRecsys.Grains.Monitoring;

namespace OrleansRecsys.Grains.Serving;

/// <summary>
/// Mints and checks signed request ids (<see cref="RequestIds"/>). The tag is HMAC-SHA256 under the grid's secret over
/// the nonce, model, version and the user the response was ranked for, truncated to 16 bytes: an outcome counts only
/// with an id the grid issued, for the version that served it, sent with that user's events. Every silo must hold
/// the same key, since one silo ranks and another may consume the outcome.
/// </summary>
public sealed class RequestIdSigner
{
    /// <summary>Keys shorter than the hash are guessable (and HMAC gains nothing from longer ones).</summary>
    public const int MinKeyBytes = 32;

    private const int NonceBytes = 9;
    private const int TagBytes = 16;
    private const int StackLimit = 512;

    private readonly byte[] _key;

    public RequestIdSigner(byte[] key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"a request id key needs at least {MinKeyBytes} bytes", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>A key of its own, for a single process that both ranks and ingests (the embedded default).</summary>
    public static RequestIdSigner WithRandomKey() => new(RandomNumberGenerator.GetBytes(MinKeyBytes));

    /// <summary>A signed id for a response <paramref name="model"/>@<paramref name="version"/> served to
    /// <paramref name="userId"/>; an unversioned one when the names are too long to fit <see cref="RequestIds.MaxLength"/>.
    /// Written in place on the stack, so the id itself is the only allocation (this runs on every rank request).</summary>
    public string New(string model, string version, string userId)
    {
        var length = RequestIds.NonceLength + model.Length + version.Length + RequestIds.TagLength + 3;
        if (length > RequestIds.MaxLength)
        {
            return RequestIds.Unversioned();
        }

        Span<byte> random = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(random);
        Span<char> id = stackalloc char[length];
        var prefix = Base64Url.EncodeToChars(random, id);
        id[prefix++] = RequestIds.Separator;
        prefix += Append(id[prefix..], model);
        prefix += Append(id[prefix..], version);

        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Tag(id[..prefix], userId, tag);
        Base64Url.EncodeToChars(tag[..TagBytes], id[prefix..]);
        return new string(id);
    }

    /// <summary>Writes <paramref name="part"/> and a separator; answers the characters written.</summary>
    private static int Append(Span<char> destination, string part)
    {
        part.CopyTo(destination);
        destination[part.Length] = RequestIds.Separator;
        return part.Length + 1;
    }

    /// <summary>Null when <paramref name="requestId"/> is an id this grid issued for <paramref name="userId"/>
    /// (<paramref name="model"/> and <paramref name="version"/> then name what served it); otherwise the
    /// <see cref="UnattributedReasons"/> why not.</summary>
    public string? Verify(string requestId, string userId, out string model, out string version)
    {
        if (!RequestIds.TryParse(requestId, out var nonce, out model, out version, out var tag))
        {
            return requestId.Contains(RequestIds.Separator) ? UnattributedReasons.Malformed : UnattributedReasons.Unversioned;
        }

        if (!Base64Url.IsValid(tag.AsSpan(), out var tagBytes) || tagBytes != TagBytes)
        {
            return UnattributedReasons.Malformed;
        }

        // The text is compared, not the decoded bytes: the last character carries unused bits, and an id that decodes
        // alike but reads differently is not the one the grid issued.
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Tag(nonce, model, version, userId, expected);
        Span<char> expectedText = stackalloc char[RequestIds.TagLength];
        Base64Url.EncodeToChars(expected[..TagBytes], expectedText);
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expectedText), MemoryMarshal.AsBytes(tag.AsSpan()))
            ? null
            : UnattributedReasons.Forged;
    }

    /// <summary>The MAC of the id's parts and the user; none of the id's parts can hold the separator, so the
    /// message is unambiguous.</summary>
    private void Tag(string nonce, string model, string version, string userId, Span<byte> destination)
    {
        Span<char> prefix = stackalloc char[RequestIds.MaxLength];
        var length = Append(prefix, nonce);
        length += Append(prefix[length..], model);
        length += Append(prefix[length..], version);
        Tag(prefix[..length], userId, destination);
    }

    /// <summary>The MAC of <paramref name="prefix"/> (nonce, model and version, each followed by the separator) and the user.</summary>
    private void Tag(ReadOnlySpan<char> prefix, string userId, Span<byte> destination)
    {
        var size = Encoding.UTF8.GetByteCount(prefix) + Encoding.UTF8.GetByteCount(userId);
        var rented = size <= StackLimit ? null : ArrayPool<byte>.Shared.Rent(size);
        Span<byte> buffer = rented is null ? stackalloc byte[StackLimit] : rented;
        var count = Encoding.UTF8.GetBytes(prefix, buffer);
        count += Encoding.UTF8.GetBytes(userId, buffer[count..]);
        HMACSHA256.HashData(_key, buffer[..count], destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
