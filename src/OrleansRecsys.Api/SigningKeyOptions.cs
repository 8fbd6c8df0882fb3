namespace OrleansRecsys.Api;

/// <summary>One entry of <c>Recsys:Auth:SigningKeys</c>: an HS256 key and the id (<c>kid</c>) tokens signed with it carry.</summary>
public sealed class SigningKeyOptions
{
    /// <summary>The key id, unique within the ring (e.g. <c>2026-12</c>).</summary>
    public string? Id { get; set; }

    /// <summary>The key: base64 (prefix <c>base64:</c>) or UTF-8 text, at least 32 bytes.</summary>
    public string? Key { get; set; }
}
