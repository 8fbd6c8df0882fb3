using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.Cli.Tests;

/// <summary>
/// recsysctl against an HTTPS API whose certificate comes from a CA made in the test: it gets through with
/// <c>--ca-file</c> (or <c>RECSYS_CA_FILE</c>) naming that CA, and is refused without it.
/// </summary>
[Collection(CaFileTests.Collection)]
public sealed class CaFileTests : IAsyncLifetime
{
    /// <summary>The tests set RECSYS_CA_FILE, which every recsysctl run in this process reads.</summary>
    public const string Collection = "RECSYS_CA_FILE";

    private readonly TestCertificateAuthority _pki = new("recsysctl");
    private readonly (string CertificatePath, string KeyPath) _server;

    public CaFileTests() => _server = _pki.Issue("localhost");
    private WebApplication _api = null!;
    private string _endpoint = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = X509Certificate2.CreateFromPemFile(_server.CertificatePath, _server.KeyPath);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        _api = builder.Build();
        _api.MapGet("/v1/models", () => Results.Text("[]", "application/json"));
        await _api.StartAsync();
        _endpoint = _api.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] argv)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] withGlobals = ["--endpoint", _endpoint, "--token", "test-token", "--json", .. argv];
        var code = await RecsysCtl.RunAsync(withGlobals, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task With_the_ca_file_the_call_succeeds()
    {
        var run = await RunAsync("--ca-file", _pki.CaPath, "models", "list");

        Assert.True(run.Code == RecsysCtl.Ok, run.Error);
        Assert.Equal("[]", run.Out.Trim());
    }

    [Fact]
    public async Task The_environment_variable_names_the_ca_file_too()
    {
        Environment.SetEnvironmentVariable("RECSYS_CA_FILE", _pki.CaPath);
        try
        {
            var run = await RunAsync("models", "list");

            Assert.True(run.Code == RecsysCtl.Ok, run.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECSYS_CA_FILE", null);
        }
    }

    [Fact]
    public async Task Without_it_the_private_ca_is_not_trusted()
    {
        var run = await RunAsync("models", "list");

        Assert.Equal(RecsysCtl.Failed, run.Code);
        Assert.Contains("needs --ca-file or RECSYS_CA_FILE", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_ca_file_without_a_certificate_is_reported()
    {
        var run = await RunAsync("--ca-file", _server.KeyPath, "models", "list");

        Assert.Equal(RecsysCtl.Failed, run.Code);
        Assert.Contains("holds no PEM certificate", run.Error);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _pki.Dispose();
    }
}
