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
    /// <paramref name="userId"/>; an unversioned one when the names are too long to fit <see cref="RequestIds.MaxLength"/>.</summary>
    public string New(string model, string version, string userId)
    {
        var length = RequestIds.NonceLength + model.Length + version.Length + RequestIds.TagLength + 3;
        if (length > RequestIds.MaxLength)
        {
            return RequestIds.Unversioned();
        }

        Span<byte> random = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(random);
        var nonce = Base64Url.EncodeToString(random);

        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Tag(nonce, model, version, userId, tag);
        var sep = RequestIds.Separator.ToString();
        return string.Concat([nonce, sep, model, sep, version, sep, Base64Url.EncodeToString(tag[..TagBytes])]);
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
        var text = string.Concat([nonce, RequestIds.Separator.ToString(), model, RequestIds.Separator.ToString(), version, RequestIds.Separator.ToString(), userId]);
        var size = Encoding.UTF8.GetByteCount(text);
        Span<byte> buffer = size <= StackLimit ? stackalloc byte[StackLimit] : new byte[size];
        var count = Encoding.UTF8.GetBytes(text, buffer);
        HMACSHA256.HashData(_key, buffer[..count], destination);
    }
}
