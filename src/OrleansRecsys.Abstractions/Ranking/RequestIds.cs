namespace OrleansRecsys;

/// <summary>
/// The shape of request ids. A response a model version served has a signed id, <c>{nonce}~{model}~{version}~{tag}</c>,
/// so outcomes can be attributed without a join store; the tag is a MAC under the grid's secret, checked on ingestion
/// (the grid's <c>RequestIdSigner</c>). Any other response has an unversioned id, which is never attributed.
/// </summary>
public static class RequestIds
{
    public const char Separator = '~';

    /// <summary>The longest id an event may carry; a signed id that would be longer is replaced by an unversioned one.</summary>
    public const int MaxLength = 128;

    /// <summary>Base64url of 9 random bytes: unique per response, not a secret.</summary>
    public const int NonceLength = 12;

    /// <summary>Base64url of the first 16 bytes of an HMAC-SHA256.</summary>
    public const int TagLength = 22;

    /// <summary>An id for a response no model version served (no model, no candidates, a caller-side fallback).</summary>
    public static string Unversioned() => Guid.NewGuid().ToString("N");

    /// <summary>Splits an id of the signed shape into its parts, without checking the tag.</summary>
    public static bool TryParse(string? requestId, out string nonce, out string model, out string version, out string tag)
    {
        nonce = model = version = tag = "";
        if (requestId is null || requestId.Length > MaxLength)
        {
            return false;
        }

        var parts = requestId.Split(Separator);
        if (parts.Length != 4 || parts[0].Length != NonceLength || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length != TagLength)
        {
            return false;
        }

        (nonce, model, version, tag) = (parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>The model and version an id of the signed shape names, without checking the tag.</summary>
    public static bool TryParse(string? requestId, out string model, out string version) =>
        TryParse(requestId, out _, out model, out version, out _);
}
