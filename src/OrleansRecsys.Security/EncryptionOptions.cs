namespace OrleansRecsys.Security;

/// <summary>
/// Options under <c>Recsys:Encryption</c>: the key ring grain state is sealed with (AES-256-GCM) and the key the
/// prediction log pseudonymises user ids with (HMAC-SHA256). docs/security.md has the rotation runbook.
/// </summary>
public sealed class EncryptionOptions
{
    public const string Section = "Recsys:Encryption";

    /// <summary>
    /// Unset: grain state is sealed when <see cref="Keys"/> holds a key (and the cluster profile with PostgreSQL
    /// storage requires one). <c>false</c>: writes are plaintext, an explicit choice. <c>true</c>: keys are required.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Every key that may have sealed a stored grain; any of them opens, only the active one seals.</summary>
    public List<EncryptionKeyOptions> Keys { get; set; } = [];

    /// <summary>The id of the key new writes use; unset means the last entry of <see cref="Keys"/>. Explicit during a
    /// rolling rotation, so every silo can read a new key before any silo writes with it.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Reads state written before encryption was turned on (plaintext rows) while writes seal: on only while
    /// an existing database is being migrated, because it lets a plaintext row written into the table be believed.</summary>
    public bool AcceptPlaintext { get; set; }

    /// <summary>Base64 of at least 32 bytes: the HMAC key of the prediction log's user pseudonyms. Kept for as long as
    /// pseudonyms must join (changing it gives every user a new pseudonym); not part of the rotating ring.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>
    /// Base64 of at least 32 bytes: the HMAC key of the pseudonyms grain-state rows are stored under, so the table's key
    /// column holds no user, item or model id. Never rotated: a row is found only by its pseudonym, so a new key loses
    /// every row written under the old one. Unset: grain ids are stored as they are.
    /// </summary>
    public string? GrainKeyPseudonymKey { get; set; }

    /// <summary>Lets the cluster profile with PostgreSQL storage run without <see cref="GrainKeyPseudonymKey"/>: grain ids
    /// stay readable in the table's key column, a choice written down (for example until the rows are migrated).</summary>
    public bool PlaintextGrainKeys { get; set; }
}
