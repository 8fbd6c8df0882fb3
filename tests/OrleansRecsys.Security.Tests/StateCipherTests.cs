using System.Security.Cryptography;
using System.Text;
using OrleansRecsys.Security;

namespace OrleansRecsys.Security.Tests;

/// <summary>The sealed form of grain state: what opens, what is refused and with which message.</summary>
public sealed class StateCipherTests
{
    private static readonly byte[] K1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] K2 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes("user u-42 clicked item i-7; feature user_clicks_total");
    private static readonly byte[] Grain = Encoding.UTF8.GetBytes("user/u-42");
    private static readonly byte[] OtherGrain = Encoding.UTF8.GetBytes("user/u-43");

    [Fact]
    public void A_sealed_payload_names_its_key_hides_the_plaintext_and_opens_with_the_same_grain()
    {
        var ring = StateKeyRing.Of(("k1", K1));
        var sealedPayload = StateCipher.Seal("k1", K1, Plain, Grain);
        Assert.True(StateCipher.IsSealed(sealedPayload));
        Assert.Equal("k1", StateCipher.KeyIdOf(sealedPayload));
        Assert.Equal(-1, sealedPayload.AsSpan().IndexOf("u-42"u8));
        Assert.Equal(Plain, StateCipher.Open(ring, sealedPayload, Grain));
        Assert.NotEqual(sealedPayload, StateCipher.Seal("k1", K1, Plain, Grain));
    }

    [Fact]
    public void Every_changed_byte_is_refused()
    {
        var ring = StateKeyRing.Of(("k1", K1));
        var sealedPayload = StateCipher.Seal("k1", K1, Plain, Grain);
        for (var i = 0; i < sealedPayload.Length; i++)
        {
            var tampered = (byte[])sealedPayload.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<StateDecryptionException>(() => StateCipher.Open(ring, tampered, Grain));
        }
    }

    [Fact]
    public void A_payload_copied_to_another_grain_is_refused_as_belonging_to_another_grain()
    {
        var sealedPayload = StateCipher.Seal("k1", K1, Plain, Grain);
        var error = Assert.Throws<StateDecryptionException>(() => StateCipher.Open(StateKeyRing.Of(("k1", K1)), sealedPayload, OtherGrain));
        Assert.Contains("belongs to another grain", error.Message);
    }

    [Fact]
    public void An_unknown_key_id_is_named_with_the_ids_the_ring_has()
    {
        var sealedPayload = StateCipher.Seal("retired-2025", K1, Plain, Grain);
        var error = Assert.Throws<StateDecryptionException>(() => StateCipher.Open(StateKeyRing.Of(("k2", K2)), sealedPayload, Grain));
        Assert.Contains("'retired-2025'", error.Message);
        Assert.Contains("Recsys:Encryption:Keys", error.Message);
        Assert.Contains("k2", error.Message);
    }

    [Fact]
    public void A_truncated_payload_is_refused_clearly()
    {
        var sealedPayload = StateCipher.Seal("k1", K1, Plain, Grain);
        var error = Assert.Throws<StateDecryptionException>(() => StateCipher.Open(StateKeyRing.Of(("k1", K1)), sealedPayload[..20], Grain));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_rotated_ring_opens_old_and_new_payloads_and_seals_with_the_active_key()
    {
        var old = StateCipher.Seal("k1", K1, Plain, Grain);
        var rotated = StateEncryption.From(Options(("k1", K1), ("k2", K2)));
        Assert.Equal("k2", rotated.Ring!.ActiveId);
        Assert.Equal(Plain, rotated.Unprotect(old, Grain));
        var resealed = rotated.Reseal(old, Grain)!;
        Assert.Equal("k2", StateCipher.KeyIdOf(resealed));
        Assert.Null(rotated.Reseal(resealed, Grain));

        // After re-encryption the old key can go: the resealed payload opens without it, the old one does not.
        var withoutOld = StateEncryption.From(Options(("k2", K2)));
        Assert.Equal(Plain, withoutOld.Unprotect(resealed, Grain));
        Assert.Throws<StateDecryptionException>(() => withoutOld.Unprotect(old, Grain));
    }

    [Fact]
    public void An_explicit_active_key_id_wins_over_the_last_entry()
    {
        var options = Options(("k1", K1), ("k2", K2));
        options.ActiveKeyId = "k1";
        Assert.Equal("k1", StateCipher.KeyIdOf(StateEncryption.From(options).Protect(Plain, Grain)));
    }

    [Fact]
    public void Plaintext_is_read_only_while_encryption_is_off_or_a_migration_accepts_it()
    {
        var on = StateEncryption.From(Options(("k1", K1)));
        Assert.Contains("AcceptPlaintext", Assert.Throws<StateDecryptionException>(() => on.Unprotect(Plain, Grain)).Message);

        var migrating = Options(("k1", K1));
        migrating.AcceptPlaintext = true;
        Assert.Equal(Plain, StateEncryption.From(migrating).Unprotect(Plain, Grain));
        Assert.Equal(Plain, StateEncryption.Off.Unprotect(Plain, Grain));
        Assert.Equal(Plain, StateEncryption.Off.Protect(Plain, Grain));
        Assert.Contains("Keys is empty", Assert.Throws<StateDecryptionException>(() => StateEncryption.Off.Unprotect(on.Protect(Plain, Grain), Grain)).Message);
    }

    [Theory]
    [InlineData("k1", "c2hvcnQ=", "Recsys:Encryption:Keys:0:Key")]
    [InlineData("", null, "Recsys:Encryption:Keys:0:Id")]
    [InlineData("has space", null, "Recsys:Encryption:Keys:0:Id")]
    public void A_malformed_entry_is_named_without_its_value(string id, string? key, string named)
    {
        var options = new EncryptionOptions { Keys = [new EncryptionKeyOptions { Id = id, Key = key ?? Convert.ToBase64String(K1) }] };
        var error = Assert.Throws<ArgumentException>(() => StateEncryption.From(options));
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain(Convert.ToBase64String(K1), error.Message);
    }

    [Fact]
    public void Duplicate_ids_an_unknown_active_id_and_enabled_without_keys_are_refused()
    {
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => StateEncryption.From(Options(("k1", K1), ("k1", K2)))).Message);
        var unknown = Options(("k1", K1));
        unknown.ActiveKeyId = "k9";
        Assert.Contains("ActiveKeyId 'k9'", Assert.Throws<ArgumentException>(() => StateEncryption.From(unknown)).Message);
        Assert.Contains("Enabled is true", Assert.Throws<ArgumentException>(() => StateEncryption.From(new EncryptionOptions { Enabled = true })).Message);
        var disabled = Options(("k1", K1));
        disabled.Enabled = false;
        Assert.False(StateEncryption.From(disabled).SealsWrites);
    }

    private static EncryptionOptions Options(params (string Id, byte[] Key)[] keys) => new()
    {
        Keys = keys.Select(k => new EncryptionKeyOptions { Id = k.Id, Key = Convert.ToBase64String(k.Key) }).ToList(),
    };
}
