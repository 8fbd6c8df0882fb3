namespace OrleansRecsys.Security;

/// <summary>
/// What the grid does with grain state bytes on their way to and from storage: seal under the active key (or pass
/// through when encryption is off) and open with any key of the ring. Knows nothing of Orleans, so a storage
/// serializer, a re-encryption tool and tests share it.
/// </summary>
public sealed class StateEncryption
{
    private readonly bool _acceptPlaintext;

    public StateEncryption(StateKeyRing? ring, bool sealWrites, bool acceptPlaintext)
    {
        if (sealWrites && ring is null)
        {
            throw new ArgumentException("sealing writes needs a key ring", nameof(ring));
        }

        Ring = ring;
        SealsWrites = sealWrites;
        _acceptPlaintext = acceptPlaintext || !sealWrites;
    }

    /// <summary>Encryption off and no keys: plaintext in, plaintext out (the development profile).</summary>
    public static StateEncryption Off { get; } = new(null, sealWrites: false, acceptPlaintext: true);

    public StateKeyRing? Ring { get; }

    public bool SealsWrites { get; }

    /// <summary>The configured policy; <see cref="ArgumentException"/> naming the key when the ring is malformed.</summary>
    public static StateEncryption From(EncryptionOptions options)
    {
        var ring = StateKeyRing.From(options);
        if (options.Enabled == true && ring is null)
        {
            throw new ArgumentException($"{EncryptionOptions.Section}:Enabled is true but {EncryptionOptions.Section}:Keys is empty");
        }

        return new StateEncryption(ring, sealWrites: options.Enabled != false && ring is not null, options.AcceptPlaintext);
    }

    /// <summary>The bytes to store for <paramref name="plaintext"/>.</summary>
    public byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> identity) =>
        SealsWrites ? StateCipher.Seal(Ring!.ActiveId, Ring.ActiveKey, plaintext, identity) : plaintext.ToArray();

    /// <summary>The plaintext of stored bytes; a <see cref="StateDecryptionException"/> naming the cause otherwise.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> identity)
    {
        if (StateCipher.IsSealed(stored))
        {
            return Ring is null
                ? throw new StateDecryptionException($"grain state is encrypted (key '{StateCipher.KeyIdOf(stored)}') but {EncryptionOptions.Section}:Keys is empty")
                : StateCipher.Open(Ring, stored, identity);
        }

        return _acceptPlaintext
            ? stored.ToArray()
            : throw new StateDecryptionException(
                $"grain state is stored in plaintext but encryption is on; set {EncryptionOptions.Section}:AcceptPlaintext=true while an existing database is migrated (docs/security.md)");
    }

    /// <summary>
    /// <paramref name="stored"/> sealed again under the active key, or null when it already is (or writes are not
    /// sealed). Plaintext rows are sealed when <c>AcceptPlaintext</c> lets them be read.
    /// </summary>
    public byte[]? Reseal(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> identity)
    {
        if (!SealsWrites || (StateCipher.IsSealed(stored) && StateCipher.KeyIdOf(stored) == Ring!.ActiveId))
        {
            return null;
        }

        return Protect(Unprotect(stored, identity), identity);
    }
}
