using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using OrleansRecsys.Api;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// HTTPS through Kestrel's own keys with a certificate from a CA made in the test; the cluster profile's refusal of
/// plain http on a network address and its HSTS header; the local profile's refusal of any network address; the
/// management port. Single in-process silos, no PostgreSQL.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class HttpsTests : IDisposable
{
    /// <summary>A name the server certificate also holds, for requests whose Host header must not be loopback.</summary>
    private const string HostName = "grid.test";

    private readonly TestCertificateAuthority _pki = new("https");
    private readonly (string CertificatePath, string KeyPath) _server;

    public HttpsTests() => _server = _pki.Issue("localhost", HostName);
    private readonly string _store = Directory.CreateTempSubdirectory("recsys-https-").FullName;

    /// <summary>A silo of <paramref name="profile"/> with in-memory storage and the in-process broker, plus <paramref name="settings"/>.</summary>
    private Dictionary<string, string?> Settings(string profile, Dictionary<string, string?> settings) =>
        EmbeddedGrid.Overrides(_store, new Dictionary<string, string?>
        {
            ["Recsys:Profile"] = profile,
            ["Recsys:Storage:Provider"] = "memory",
            ["Recsys:Storage:Clustering"] = "localhost",
            ["Recsys:Kafka:BootstrapServers"] = "",
            ["Recsys:Auth:SigningKey"] = TestInfra.SigningKey,
            ["Recsys:Demo:TrainAtStart"] = "false",
            // The cluster profile logs predictions under user pseudonyms only.
            ["Recsys:Encryption:PseudonymKey"] = SiloProcess.StateKey,
        }, settings);

    private Dictionary<string, string?> Https(string profile, int port) => Settings(profile, new()
    {
        ["Kestrel:Endpoints:Public:Url"] = $"https://127.0.0.1:{port}",
        ["Kestrel:Certificates:Default:Path"] = _server.CertificatePath,
        ["Kestrel:Certificates:Default:KeyPath"] = _server.KeyPath,
    });

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var app = RecsysHost.CreateBuilder([], settings).Build();
        app.MapRecsysApi();
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Kestrel_endpoints_serve_https_with_a_pem_certificate_and_a_client_trusting_the_ca_gets_through()
    {
        var port = TestInfra.FreePort();
        var settings = Https(RecsysProfile.Local, port);
        var plainPort = new Uri(settings["Recsys:Host:HttpUrl"]!).Port;
        await using var app = await StartAsync(settings);

        using var trusting = _pki.TrustingClient($"https://localhost:{port}");
        Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync("/health/live")).StatusCode);

        using var untrusting = new HttpClient { BaseAddress = new Uri($"https://localhost:{port}") };
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/health/live"));

        // Configured endpoints win over Recsys:Host:HttpUrl, which is then not bound at all.
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{plainPort}") };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/health/live"));
    }

    [Fact]
    public async Task A_certificate_replaced_on_disk_is_served_on_new_https_and_grpc_connections_without_a_restart()
    {
        var (port, grpcPort) = (TestInfra.FreePort(), TestInfra.FreePort());
        var settings = Https(RecsysProfile.Local, port);
        settings["Recsys:Host:GrpcUrl"] = $"https://127.0.0.1:{grpcPort}";
        await using var app = await StartAsync(settings);
        var before = await PresentedThumbprintAsync(port);

        _pki.Issue("localhost", HostName); // the same two files, a new certificate and key
        using var renewed = X509Certificate2.CreateFromPem(File.ReadAllText(_server.CertificatePath));
        Assert.NotEqual(before, renewed.Thumbprint);

        foreach (var endpoint in new[] { port, grpcPort })
        {
            await TestInfra.WaitUntil(async () => await PresentedThumbprintAsync(endpoint) == renewed.Thumbprint, TimeSpan.FromSeconds(30),
                $"a new connection to port {endpoint} to be served with the new certificate");
        }

        using var trusting = _pki.TrustingClient($"https://localhost:{port}");
        Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>The thumbprint of the certificate a new TLS connection to <paramref name="port"/> is served with.</summary>
    private static async Task<string> PresentedThumbprintAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        string? thumbprint = null;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                thumbprint = certificate?.GetCertHashString();
                return true;
            },
        });
        return thumbprint ?? "";
    }

    [Theory]
    [InlineData("Recsys:Host:HttpUrl", "http://0.0.0.0:{0}", "Recsys:Host:HttpUrl")]
    [InlineData("Recsys:Host:HttpUrl", "http://silo-1.internal:{0}", "Recsys:Host:HttpUrl")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://*:{0}", "Kestrel:Endpoints:Public:Url")]
    [InlineData("Recsys:Host:ManagementUrl", "http://0.0.0.0:{0}", "Recsys:Host:ManagementUrl")]
    [InlineData("Recsys:Host:GrpcUrl", "http://0.0.0.0:{0}", "Recsys:Host:GrpcUrl")]
    public void The_cluster_profile_refuses_plain_http_on_a_network_address_naming_the_keys(string key, string url, string named)
    {
        var settings = Settings(RecsysProfile.Cluster, new() { [key] = string.Format(url, TestInfra.FreePort()) });

        var ex = Assert.Throws<OptionsValidationException>(() => RecsysHost.CreateBuilder([], settings));

        var message = string.Join("; ", ex.Failures);
        Assert.Contains(named, message);
        Assert.Contains("Kestrel:Certificates:Default:Path", message);
        Assert.Contains("Recsys:Tls:AllowPlaintext=true", message);
    }

    [Fact]
    public async Task Allow_plaintext_lets_the_cluster_profile_serve_plain_http_on_all_addresses()
    {
        var port = TestInfra.FreePort();
        var settings = Settings(RecsysProfile.Cluster, new()
        {
            ["Recsys:Host:HttpUrl"] = $"http://0.0.0.0:{port}",
            ["Recsys:Tls:AllowPlaintext"] = "true",
        });
        await using var app = await StartAsync(settings);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData("Recsys:Host:HttpUrl", "http://0.0.0.0:{0}", "Recsys:Host:HttpUrl")]
    [InlineData("Recsys:Host:HttpUrl", "http://127.0.0.1:{0};http://silo-1.internal:{0}", "Recsys:Host:HttpUrl")]
    [InlineData("Kestrel:Endpoints:Public:Url", "https://*:{0}", "Kestrel:Endpoints:Public:Url")]
    [InlineData("Recsys:Host:ManagementUrl", "http://0.0.0.0:{0}", "Recsys:Host:ManagementUrl")]
    [InlineData("Recsys:Host:GrpcUrl", "http://[::]:{0}", "Recsys:Host:GrpcUrl")]
    public void The_local_profile_refuses_an_address_other_hosts_can_reach_even_over_https_naming_the_keys(string key, string url, string named)
    {
        var settings = Settings(RecsysProfile.Local, new() { [key] = string.Format(url, TestInfra.FreePort()) });

        var ex = Assert.Throws<OptionsValidationException>(() => RecsysHost.CreateBuilder([], settings));

        var message = string.Join("; ", ex.Failures);
        Assert.Contains(named, message);
        Assert.Contains("Recsys:Host:AllowNonLoopback=true", message);
    }

    [Fact]
    public async Task Allow_non_loopback_lets_the_local_profile_listen_on_all_addresses()
    {
        var port = TestInfra.FreePort();
        var settings = Settings(RecsysProfile.Local, new()
        {
            ["Recsys:Host:HttpUrl"] = $"http://0.0.0.0:{port}",
            ["Recsys:Host:AllowNonLoopback"] = "true",
        });
        await using var app = await StartAsync(settings);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData(RecsysProfile.Cluster, true)]
    [InlineData(RecsysProfile.Local, false)]
    public async Task The_cluster_profile_sends_hsts_over_https(string profile, bool expected)
    {
        var port = TestInfra.FreePort();
        await using var app = await StartAsync(Https(profile, port));
        using var http = _pki.TrustingClient($"https://127.0.0.1:{port}");

        // HSTS skips loopback host names, so the request names the grid as a browser would.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = $"{HostName}:{port}";
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.Contains("Strict-Transport-Security"));
        if (expected)
        {
            Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        }
    }

    [Fact]
    public async Task With_a_management_url_metrics_and_health_answer_only_on_its_port()
    {
        var managementPort = TestInfra.FreePort();
        var settings = Settings(RecsysProfile.Local, new() { [ManagementPort.Key] = $"http://127.0.0.1:{managementPort}" });
        var publicUrl = settings["Recsys:Host:HttpUrl"]!;
        await using var app = await StartAsync(settings);
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        using var open = new HttpClient { BaseAddress = new Uri(publicUrl) };

        foreach (var path in new[] { "/metrics", "/health/live", "/health/ready" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await open.GetAsync(path)).StatusCode);
            Assert.NotEqual(HttpStatusCode.NotFound, (await management.GetAsync(path)).StatusCode);
        }

        // A Host header naming the management port does not move a public connection there.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{managementPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await open.SendAsync(spoofed)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await open.GetAsync("/v1/models")).StatusCode);
    }

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_store, recursive: true);
    }
}
