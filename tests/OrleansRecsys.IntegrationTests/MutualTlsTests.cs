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
