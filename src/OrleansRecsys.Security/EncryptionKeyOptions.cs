namespace OrleansRecsys.Security;

/// <summary>One entry of <c>Recsys:Encryption:Keys</c>: a key id (travels in every ciphertext's header) and the
/// AES-256 key, base64 of exactly 32 bytes.</summary>
public sealed class EncryptionKeyOptions
{
    public string? Id { get; set; }

    public string? Key { get; set; }
}
