using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Client.Tests;

public sealed class RecsysClientOptionsTests
{
    private static IEnumerable<string> Failures(RecsysClientOptions options) =>
        new RecsysClientOptionsValidator().Validate(Options.DefaultName, options).Failures ?? [];

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Failures(new RecsysClientOptions()));
    }

    [Fact]
    public void Every_problem_is_reported_naming_its_configuration_key()
    {
        var failures = Failures(new RecsysClientOptions
        {
            ClusterId = "",
            ServiceId = " ",
            Clustering = "zookeeper",
            GatewayPort = 0,
            DefaultModel = "Not A Model",
            DefaultDeadline = TimeSpan.FromSeconds(11),
            DeadlineGrace = TimeSpan.FromMilliseconds(-1),
            PopularityRefresh = TimeSpan.FromMilliseconds(50),
        }).ToList();

        Assert.Equal(
        [
            "Recsys:Client:ClusterId is required",
            "Recsys:Client:ServiceId is required",
            "Recsys:Client:Clustering must be 'localhost' or 'postgres' (got 'zookeeper')",
            "Recsys:Client:GatewayPort must be 1..65535",
            "Recsys:Client:DefaultModel must match [a-z0-9][a-z0-9_.-]{0,63}",
            "Recsys:Client:DefaultDeadline must be 1 ms .. 10 s",
            "Recsys:Client:DeadlineGrace must be 0 .. 1 s",
            "Recsys:Client:PopularityRefresh must be 100 ms .. 10 min",
        ], failures);
    }

    [Fact]
    public void Postgres_clustering_needs_a_connection_string()
    {
        var failures = Failures(new RecsysClientOptions { Clustering = RecsysClientOptions.PostgresClustering });

        Assert.Equal(["Recsys:Client:ConnectionString is required when Recsys:Client:Clustering is 'postgres'"], failures);
    }

    [Fact]
    public void Adding_the_client_with_bad_options_fails_at_once_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder();

        var ex = Assert.Throws<OptionsValidationException>(() => builder.AddRecsysClient(o => o.GatewayPort = 70000));

        Assert.Equal(["Recsys:Client:GatewayPort must be 1..65535"], ex.Failures);
    }

    [Fact]
    public void Options_are_read_from_configuration_and_the_delegate_wins()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recsys:Client:ClusterId"] = "from-config",
            ["Recsys:Client:DefaultModel"] = "config-model",
        });

        builder.AddRecsysClient(o => o.DefaultModel = "code-model");
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<RecsysClientOptions>>().Value;

        Assert.Equal("from-config", options.ClusterId);
        Assert.Equal("code-model", options.DefaultModel);
    }

    [Fact]
    public void Bad_configuration_is_refused_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Recsys:Client:Clustering"] = "postgres" });

        var ex = Assert.Throws<OptionsValidationException>(() => builder.AddRecsysClient());

        Assert.Contains("Recsys:Client:ConnectionString is required when Recsys:Client:Clustering is 'postgres'", ex.Failures);
    }

    [Fact]
    public void The_shared_TLS_keys_reach_the_client_options()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Recsys:Tls:AllowPlaintext"] = "true" });

        builder.AddRecsysClient();
        using var host = builder.Build();

        Assert.True(host.Services.GetRequiredService<IOptions<RecsysClientOptions>>().Value.Tls.AllowPlaintext);
    }

    [Fact]
    public void A_partial_TLS_setting_is_refused_naming_the_missing_keys()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Recsys:Tls:CertificatePath"] = "/etc/recsys/tls/grid.crt" });

        var ex = Assert.Throws<OptionsValidationException>(() => builder.AddRecsysClient());

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("missing Recsys:Tls:KeyPath, Recsys:Tls:CaPath", failure);
    }

    [Fact]
    public void TLS_files_that_do_not_exist_are_refused_naming_their_keys()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var failures = Failures(new RecsysClientOptions
        {
            Tls = { CertificatePath = missing + ".crt", KeyPath = missing + ".key", CaPath = missing + ".ca" },
        }).ToList();

        Assert.Collection(failures,
            f => Assert.StartsWith("Recsys:Tls:CertificatePath: no such file", f),
            f => Assert.StartsWith("Recsys:Tls:KeyPath: no such file", f),
            f => Assert.StartsWith("Recsys:Tls:CaPath: no such file", f));
    }
}
