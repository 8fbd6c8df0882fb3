using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansRecsys.Api;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// The development admin token: written owner-only, living no longer than the cap, and never printed whole (terminal
/// scrollback and captured container logs outlive it); the banner names the file instead. No cluster is needed.
/// </summary>
[Collection(ConsoleOutput.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class DevTokenTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recsys-devtoken-").FullName;

    [Fact]
    public async Task The_banner_names_the_token_file_and_does_not_print_the_token()
    {
        var tokenFile = Path.Combine(_directory, ".recsys", "dev-token");
        var auth = Options.Create(new AuthOptions { DevKeyFile = Path.Combine(_directory, ".recsys", "dev-signing-key"), DevTokenFile = tokenFile });
        var bootstrapper = new DemoBootstrapper(null!, null!, null!, new SigningKeyHolder(auth), auth,
            Options.Create(new DemoOptions { TrainAtStart = false, PrintBanner = true }), Options.Create(new SimulatorOptions()), Options.Create(new RecsysHostOptions()),
            NullLogger<DemoBootstrapper>.Instance);
        var console = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            await bootstrapper.StartAsync(CancellationToken.None);
        }
        finally
        {
            Console.SetOut(console);
        }

        var token = File.ReadAllText(tokenFile);
        Assert.Contains(tokenFile, captured.ToString());
        Assert.DoesNotContain(token, captured.ToString());
        Assert.DoesNotContain(token[..40], captured.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        var jwt = new JsonWebToken(token);
        Assert.True(jwt.ValidTo - jwt.IssuedAt <= TokenDefaults.MaxLifetime, $"the dev token lives {jwt.ValidTo - jwt.IssuedAt}");
    }

    [Fact]
    public void With_a_management_url_the_banner_sends_metrics_and_health_there()
    {
        var banner = DemoBootstrapper.Banner("http://127.0.0.1:5080", "/tmp/dev-token", "http://127.0.0.1:9090/");

        Assert.Contains("metrics  : http://127.0.0.1:9090/metrics   health: http://127.0.0.1:9090/health/ready", banner);
        Assert.Contains("endpoint : http://127.0.0.1:5080", banner);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
