using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.BrowserTests;

/// <summary>
/// The console's sign-in at an OpenID Connect provider (authorization code with PKCE), against a grid that trusts that
/// provider. A grid and browser of their own: the shared grid validates the grid's own HS256 tokens instead.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private readonly string _modelStore = Directory.CreateTempSubdirectory("recsys-console-oidc-").FullName;
    private TestIdentityProvider _provider = null!;
    private IProducer<byte[], byte[]>? _kafka;
    private WebApplication? _grid;
    private string _url = "";
    private ChromeDriver? _browser;

    public async Task InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync();
        (_kafka, var servers) = MockKafkaCluster.Start();
        (_grid, _url) = await ConsoleFixture.StartGridAsync(_modelStore, servers, new Dictionary<string, string?>
        {
            ["Recsys:Auth:Authority"] = _provider.Url,
            ["Recsys:Auth:RequireHttpsMetadata"] = "false",
            ["Recsys:Console:OidcClientId"] = TestIdentityProvider.ClientId,
            ["Recsys:Demo:TrainAtStart"] = "false",
        });
        await ConsoleFixture.WaitUntilAsync(_url, "/health/live");
        _browser = Chromium.Start(1280, 1000);
    }

    public async Task DisposeAsync()
    {
        _browser?.Quit();
        _browser?.Dispose();
        if (_grid is not null)
        {
            await _grid.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            await _grid.DisposeAsync();
        }

        _kafka?.Dispose();
        await _provider.DisposeAsync();
        Directory.Delete(_modelStore, recursive: true);
    }

    [Fact]
    public void Signing_in_at_the_provider_comes_back_signed_in_with_the_providers_token_and_roles()
    {
        var page = new ConsolePage(_browser!, _url, Path.GetTempPath());
        _browser!.Navigate().GoToUrl(_url + "/console/");

        page.WaitForVisible(By.Id("oidc-sign-in")).Click();
        page.WaitUntil(d => d.FindElement(By.Id("caller")).Text.Contains("oidc-user", StringComparison.Ordinal), "the provider's user signed in");

        Assert.Contains("recsys.admin", page.Text("caller"));
        Assert.Equal(_url + "/console/", _browser.Url);
        Assert.Equal(0, _provider.RefusedVerifiers);
        Assert.NotNull(_browser.ExecuteScript("return sessionStorage.getItem('recsys.console.token');"));
        Assert.Null(_browser.ExecuteScript("return sessionStorage.getItem('recsys.console.oidc');"));
    }
}
