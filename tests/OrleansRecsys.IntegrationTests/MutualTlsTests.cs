using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using OrleansRecsys.Client;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.IntegrationTests;

public sealed class MutualTlsTests(MutualTlsFixture grid) : IClassFixture<MutualTlsFixture>
{
    [Fact]
    public async Task Two_silos_and_a_client_with_certificates_from_the_CA_form_one_cluster_and_the_client_calls_a_grain()
    {
        using var host = TypedClient(grid.Authority.Settings("client"));
        await host.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        try
        {
            var hosts = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_gateway_role_reaches_the_silos_over_TLS() =>
        Assert.Equal(2, (await grid.Gateway.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);

    [Fact]
    public async Task A_plaintext_client_cannot_call_a_grain()
    {
        using var host = TypedClient(new Dictionary<string, string?>());
        await AssertCannotCallAGrainAsync(host);
    }

    [Fact]
    public async Task A_TLS_client_without_a_certificate_cannot_call_a_grain()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (grid.ClusterId, "recsys"))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", grid.Database))
            .UseTls(o =>
            {
                // Speaks TLS and trusts any silo, but has no certificate to show.
                o.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
                o.AllowAnyRemoteCertificate();
            }));
        builder.Services.AddSingleton<IClientConnectionRetryFilter, NoRetry>();
        using var host = builder.Build();
        await AssertCannotCallAGrainAsync(host);
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_CA_cannot_call_a_grain()
    {
        using var foreign = new TestCertificateAuthority("foreign");
        // It trusts the grid's CA, so only the silos' refusal of its certificate can keep it out.
        using var host = TypedClient(foreign.Settings("intruder", trusted: grid.Authority));
        await AssertCannotCallAGrainAsync(host);
    }

    [Fact]
    public async Task A_client_whose_certificate_the_CA_revoked_cannot_call_a_grain()
    {
        var settings = grid.Authority.Settings("revoked-client");
        grid.Authority.WriteRevocationList(settings["Recsys:Tls:CertificatePath"]!);

        using var host = TypedClient(settings);
        await AssertCannotCallAGrainAsync(host);
    }

    [Fact]
    public async Task A_silo_presents_a_certificate_renewed_on_disk_on_new_connections_without_a_restart()
    {
        var port = int.Parse(grid.Silo2.Services.GetRequiredService<IConfiguration>()["Recsys:Host:GatewayPort"]!, CultureInfo.InvariantCulture);
        var before = await PresentedThumbprintAsync(port);

        var (renewedPath, _) = grid.Authority.Issue("silo-2"); // the files silo-2 was started with, a new certificate and key
        using var renewed = X509Certificate2.CreateFromPem(File.ReadAllText(renewedPath));
        Assert.NotEqual(before, renewed.Thumbprint);

        await TestInfra.WaitUntil(async () => await PresentedThumbprintAsync(port) == renewed.Thumbprint, TimeSpan.FromSeconds(30),
            "a new connection to silo-2 to be served with the renewed certificate");
        Assert.Equal(2, (await grid.Gateway.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
    }

    /// <summary>The thumbprint of the certificate a silo's gateway port presents to a new TLS connection (from a client
    /// holding a certificate of the grid's CA).</summary>
    private async Task<string> PresentedThumbprintAsync(int port)
    {
        var probe = grid.Authority.Settings("probe");
        using var pem = X509Certificate2.CreateFromPemFile(probe["Recsys:Tls:CertificatePath"]!, probe["Recsys:Tls:KeyPath"]);
        using var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        string? thumbprint = null;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "silo",
            ClientCertificates = [client],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                thumbprint = certificate?.GetCertHashString();
                return true;
            },
        });
        return thumbprint ?? "";
    }

    /// <summary>A host with <c>AddRecsysClient</c> on the membership table, taking <paramref name="tls"/> as its <c>Recsys:Tls</c>.</summary>
    private IHost TypedClient(Dictionary<string, string?> tls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(tls);
        builder.AddRecsysClient(o =>
        {
            o.Clustering = RecsysClientOptions.PostgresClustering;
            o.ConnectionString = grid.Database;
            o.ClusterId = grid.ClusterId;
        });
        builder.Services.AddSingleton<IClientConnectionRetryFilter, NoRetry>();
        return builder.Build();
    }

    /// <summary>
    /// The client fails to start with the connection's own error: with no retry after the first refused attempt, a
    /// refusal shows at once as that error, never as a time-out (which would also pass for a silo that merely hangs).
    /// </summary>
    private static async Task AssertCannotCallAGrainAsync(IHost host)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await host.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
                .WaitAsync(TimeSpan.FromSeconds(30));
        });
        Assert.NotNull(failure);
        Assert.False(failure is OperationCanceledException or TimeoutException, $"timed out instead of being refused: {failure}");
    }

    /// <summary>Gives up after the first failed connection attempt (the client retries by default).</summary>
    private sealed class NoRetry : IClientConnectionRetryFilter
    {
        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
