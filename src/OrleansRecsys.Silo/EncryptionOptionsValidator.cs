using Microsoft.Extensions.Options;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// <c>Recsys:Encryption</c> at start: a malformed ring names the entry; the cluster profile with PostgreSQL storage
/// needs a key ring, a pseudonym key and a grain key pseudonym key unless <c>Enabled</c> is <c>false</c>, written down by the operator.
/// </summary>
internal sealed class EncryptionOptionsValidator(string profile, StorageOptions storage) : IValidateOptions<EncryptionOptions>
{
    private const string Section = EncryptionOptions.Section;

    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = StateEncryption.From(options);
        }
        catch (ArgumentException ex)
        {
            failures.Add(ex.Message);
        }

        if (!string.IsNullOrEmpty(options.PseudonymKey) && EncryptionSetup.DecodePseudonymKey(options.PseudonymKey) is null)
        {
            failures.Add($"{Section}:PseudonymKey must be base64 of at least 32 random bytes (openssl rand -base64 32)");
        }

        if (!string.IsNullOrEmpty(options.GrainKeyPseudonymKey) && EncryptionSetup.DecodePseudonymKey(options.GrainKeyPseudonymKey) is null)
        {
            failures.Add($"{Section}:GrainKeyPseudonymKey must be base64 of at least 32 random bytes (openssl rand -base64 32)");
        }

        if (profile == RecsysProfile.Cluster && options.Enabled != false)
        {
            if (storage.IsDurable && options.Keys.Count == 0)
            {
                failures.Add($"{Section}:Keys must hold at least one key in the {RecsysProfile.Cluster} profile with PostgreSQL storage "
                    + $"({Section}:Keys:0:Id and {Section}:Keys:0:Key, base64 of 32 bytes); set {Section}:Enabled=false to store grain state in plaintext");
            }

            if (storage.IsDurable && string.IsNullOrEmpty(options.GrainKeyPseudonymKey) && !options.PlaintextGrainKeys)
            {
                failures.Add($"{Section}:GrainKeyPseudonymKey must be set in the {RecsysProfile.Cluster} profile with PostgreSQL storage (base64 of at least 32 bytes, "
                    + $"never changed afterwards): grain-state rows are keyed by pseudonyms, not user and item ids; a database written without it is migrated "
                    + $"with the silo command {GrainKeyMigration.Command} (docs/security.md); set {Section}:PlaintextGrainKeys=true to keep ids in the key column");
            }

            if (string.IsNullOrEmpty(options.PseudonymKey))
            {
                failures.Add($"{Section}:PseudonymKey must be set in the {RecsysProfile.Cluster} profile (base64 of at least 32 bytes): "
                    + $"the prediction log carries user pseudonyms, not user ids; set {Section}:Enabled=false to log plain user ids");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
