using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Which profiles need <c>Recsys:Encryption</c>, and what a bad ring says at start (built hosts, no PostgreSQL).</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class EncryptionStartupTests
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=none";
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Dictionary<string, string?> Cluster(params (string Key, string? Value)[] settings)
    {
        var overrides = EmbeddedGrid.Overrides(Path.Combine(Path.GetTempPath(), "recsys-unused-model-store"));
        overrides["Recsys:Profile"] = RecsysProfile.Cluster;
        overrides["Recsys:Storage:ConnectionString"] = UnusedDatabase;
        overrides["Recsys:Auth:SigningKey"] = TestInfra.SigningKey;
        // These hosts are built, never started: their Orleans links are not what is checked here.
        overrides["Recsys:Tls:AllowPlaintext"] = "true";
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        return overrides;
    }

    private static async Task<string?> FailureAsync(Dictionary<string, string?> overrides)
    {
        await using var app = RecsysHost.CreateBuilder([], overrides).Build();
        try
        {
            _ = app.Services.GetRequiredService<IOptions<EncryptionOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return string.Join("; ", ex.Failures);
        }
    }

    [Fact]
    public async Task The_cluster_profile_with_postgres_storage_refuses_to_start_without_a_key_ring_and_pseudonym_keys()
    {
        var failure = await FailureAsync(Cluster());
        Assert.Contains("Recsys:Encryption:Keys must hold at least one key", failure);
        Assert.Contains("Recsys:Encryption:PseudonymKey must be set", failure);
        Assert.Contains("Recsys:Encryption:GrainKeyPseudonymKey must be set", failure);
        Assert.Contains("migrate-grain-keys", failure);
        Assert.Contains("Recsys:Encryption:PlaintextGrainKeys=true", failure);
        Assert.Contains("Recsys:Encryption:Enabled=false", failure);
    }

    [Fact]
    public async Task The_cluster_profile_starts_with_keys_or_with_encryption_explicitly_off()
    {
        (string, string?)[] keys = [("Recsys:Encryption:Keys:0:Id", "k1"), ("Recsys:Encryption:Keys:0:Key", Key), ("Recsys:Encryption:PseudonymKey", Key)];
        Assert.Null(await FailureAsync(Cluster([.. keys, ("Recsys:Encryption:GrainKeyPseudonymKey", Key)])));
        Assert.Null(await FailureAsync(Cluster([.. keys, ("Recsys:Encryption:PlaintextGrainKeys", "true")])));
        Assert.Contains("GrainKeyPseudonymKey must be set", await FailureAsync(Cluster(keys)));
        Assert.Null(await FailureAsync(Cluster(("Recsys:Encryption:Enabled", "false"))));
    }

    [Fact]
    public async Task A_malformed_entry_is_named_and_its_value_is_not_echoed()
    {
        var failure = await FailureAsync(Cluster(("Recsys:Encryption:Keys:0:Id", "k1"), ("Recsys:Encryption:Keys:0:Key", "dG9vLXNob3J0"), ("Recsys:Encryption:PseudonymKey", "c2hvcnQ="),
            ("Recsys:Encryption:GrainKeyPseudonymKey", "c2hvcnQ=")));
        Assert.Contains("Recsys:Encryption:Keys:0:Key must be base64 of exactly 32", failure);
        Assert.Contains("Recsys:Encryption:PseudonymKey must be base64 of at least 32", failure);
        Assert.Contains("Recsys:Encryption:GrainKeyPseudonymKey must be base64 of at least 32", failure);
        Assert.DoesNotContain("dG9vLXNob3J0", failure);
    }

    [Fact]
    public async Task The_local_profile_runs_without_keys_in_plaintext_and_logs_user_ids()
    {
        var overrides = EmbeddedGrid.Overrides(Path.Combine(Path.GetTempPath(), "recsys-unused-model-store"));
        await using var app = RecsysHost.CreateBuilder([], overrides).Build();
        Assert.False(app.Services.GetRequiredService<StateEncryption>().SealsWrites);
        Assert.False(app.Services.GetRequiredService<UserPseudonyms>().IsOn);
    }
}
