using Microsoft.Extensions.Options;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The start-time rule for the Orleans links: the cluster profile does not open them beyond the host in
/// plaintext unless told to. Pure checks, no cluster.</summary>
public sealed class OrleansTlsValidatorTests
{
    private static readonly StorageOptions Membership = new() { Clustering = "postgres", ConnectionString = "Host=db" };

    private static ValidateOptionsResult Validate(string profile, TlsOptions tls, StorageOptions? storage = null, string? advertisedIp = null) =>
        new OrleansTlsValidator(new StartupSettings(profile, new RecsysHostOptions { AdvertisedIp = advertisedIp }, storage ?? Membership))
            .Validate(null, tls);

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.7")]
    public void The_cluster_profile_refuses_off_host_links_without_TLS_naming_the_keys(string? advertisedIp)
    {
        var result = Validate(RecsysProfile.Cluster, new TlsOptions(), advertisedIp: advertisedIp);

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.Contains("Recsys:Tls:CertificatePath", message);
        Assert.Contains("Recsys:Tls:KeyPath", message);
        Assert.Contains("Recsys:Tls:CaPath", message);
        Assert.Contains("Recsys:Tls:AllowPlaintext=true", message);
    }

    [Fact]
    public void Plaintext_written_down_is_accepted() =>
        Assert.True(Validate(RecsysProfile.Cluster, new TlsOptions { AllowPlaintext = true }).Succeeded);

    [Fact]
    public void Links_that_stay_on_loopback_need_no_TLS()
    {
        Assert.True(Validate(RecsysProfile.Cluster, new TlsOptions(), advertisedIp: "127.0.0.1").Succeeded);
        Assert.True(Validate(RecsysProfile.Cluster, new TlsOptions(), storage: new StorageOptions()).Succeeded);
    }

    [Fact]
    public void The_local_profile_is_not_held_to_the_rule() =>
        Assert.True(Validate(RecsysProfile.Local, new TlsOptions()).Succeeded);

    [Fact]
    public void Configured_TLS_satisfies_the_rule_and_a_partial_one_names_what_is_missing()
    {
        using var ca = new TestCertificateAuthority("validator");
        var settings = ca.Settings("silo");
        var tls = new TlsOptions
        {
            CertificatePath = settings["Recsys:Tls:CertificatePath"],
            KeyPath = settings["Recsys:Tls:KeyPath"],
            CaPath = settings["Recsys:Tls:CaPath"],
        };
        Assert.True(Validate(RecsysProfile.Cluster, tls).Succeeded);

        tls.KeyPath = null;
        var partial = Validate(RecsysProfile.Local, tls);
        Assert.Contains("missing Recsys:Tls:KeyPath", Assert.Single(partial.Failures!));
    }

    [Theory]
    [InlineData(RecsysHostOptions.SiloRole)]
    [InlineData(RecsysHostOptions.GatewayRole)]
    public void A_cluster_profile_host_on_the_membership_table_without_TLS_stops_while_it_is_built(string role)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => RecsysHost.CreateBuilder([], new Dictionary<string, string?>
        {
            [RecsysProfile.Key] = RecsysProfile.Cluster,
            ["Recsys:Host:Role"] = role,
            ["Recsys:Host:HttpUrl"] = $"http://127.0.0.1:{TestInfra.FreePort()}",
            ["Recsys:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
        }));

        Assert.Contains("Recsys:Tls:AllowPlaintext=true", Assert.Single(ex.Failures));
    }
}
