using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium.Chrome;
using OrleansRecsys.Api;
using OrleansRecsys.Features;
using OrleansRecsys.Kafka;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;
using OrleansRecsys.Training;

namespace OrleansRecsys.BrowserTests;

/// <summary>
/// A grid as the run command starts it (the demo ranker@v1 trained at start, the mock Kafka broker, in-memory storage)
/// serving the console on a free port, and one headless Chromium that the tests drive.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly string _modelStore = Directory.CreateTempSubdirectory("recsys-console-").FullName;
    private IProducer<byte[], byte[]>? _kafka;
    private WebApplication? _app;
    private RankerTrainer.Result? _template;

    public string Url { get; private set; } = "";
    public ChromeDriver Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: RECSYS_TEST_ARTIFACTS, or a folder beside the test assembly.</summary>
    public string Artifacts { get; } = Environment.GetEnvironmentVariable("RECSYS_TEST_ARTIFACTS")
        ?? Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        (_kafka, var servers) = MockKafkaCluster.Start();
        (_app, Url) = await StartGridAsync(_modelStore, servers, new Dictionary<string, string?>
        {
            ["Recsys:Auth:SigningKey"] = TestTokens.SigningKey,
            ["Recsys:Demo:TrainAtStart"] = "true",
            ["Recsys:Demo:TrainingSessions"] = "800",
        });
        await WaitUntilAsync(Url, "/health/ready");
        Directory.CreateDirectory(Artifacts);
        Browser = Chromium.Start(1280, 1000);
    }

    /// <summary>A silo as the run command builds it, on free ports, in-memory storage, with <paramref name="settings"/> on top.</summary>
    internal static async Task<(WebApplication App, string Url)> StartGridAsync(string modelStore, string kafka, IDictionary<string, string?> settings)
    {
        var overrides = EmbeddedGrid.Overrides(modelStore, new Dictionary<string, string?>
        {
            ["Recsys:Host:AdvertisedIp"] = "127.0.0.1",
            ["Recsys:Storage:Provider"] = "memory",
            ["Recsys:Kafka:BootstrapServers"] = kafka,
            ["Recsys:Kafka:GroupId"] = "console-" + Guid.NewGuid().ToString("N")[..8],
            ["Recsys:Grid:DeadlineMs"] = "2000",
            ["Recsys:Grid:DriftSampleRate"] = "1",
        }, settings);
        var app = RecsysHost.CreateBuilder([], overrides).Build();
        app.MapRecsysApi();
        await app.StartAsync();
        return (app, overrides["Recsys:Host:HttpUrl"]!);
    }

    /// <summary>Waits (up to 3 minutes) until GET <paramref name="path"/> answers 2xx: training the demo model takes a while.</summary>
    internal static async Task WaitUntilAsync(string url, string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if ((await http.GetAsync(path)).IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{url}{path} did not answer 2xx within 3 minutes");
    }

    public async Task DisposeAsync()
    {
        Browser?.Quit();
        Browser?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            await _app.DisposeAsync();
        }

        _kafka?.Dispose();
        Directory.Delete(_modelStore, recursive: true);
    }

    public HttpClient Http(params string[] roles)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        if (roles.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid("fixture", roles));
        }

        return client;
    }

    /// <summary>
    /// Registers <paramref name="versions"/> of a model of the test's own (the first becomes its stable version), so that
    /// tests which change rollouts never see each other's changes. The ONNX is the demo trainer's, trained once.
    /// </summary>
    public async Task RegisterAsync(string model, params string[] versions)
    {
        using var admin = Http(Roles.Admin);
        foreach (var version in versions)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Template().Onnx), "model", "model.onnx");
            form.Add(new StringContent(ManifestJson(model, version)), "manifest", "manifest.json");
            using var response = await admin.PostAsync($"/v1/models/{model}/versions", form);
            Assert.True(response.IsSuccessStatusCode, $"registering {model}@{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The trained ONNX file and a manifest for <paramref name="model"/>@<paramref name="version"/>, as files a
    /// user would pick in the browser's file dialog; returns their paths.</summary>
    public (string Model, string Manifest) WriteVersionFiles(string model, string version)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_modelStore, "uploads", $"{model}-{version}")).FullName;
        var onnx = Path.Combine(folder, "model.onnx");
        var manifest = Path.Combine(folder, "manifest.json");
        File.WriteAllBytes(onnx, Template().Onnx);
        File.WriteAllText(manifest, ManifestJson(model, version));
        return (onnx, manifest);
    }

    private string ManifestJson(string model, string version) =>
        JsonSerializer.Serialize(Template().Manifest with { Name = model, Version = version }, RankerTrainer.ManifestJson);

    private RankerTrainer.Result Template() =>
        _template ??= RankerTrainer.TrainDemo(FeatureCatalog.Load(Path.Combine(RecsysHost.FindConfigDirectory(), "features.json")),
            new RankerTrainer.Options("ranker", "template", Seed: 3), sessions: 800);

    public async Task<JsonElement> PlanAsync(string model)
    {
        using var reader = Http(Roles.Read);
        return await reader.GetFromJsonAsync<JsonElement>($"/v1/models/{model}/rollout");
    }

    /// <summary>Sets a canary through the API (not the console), on the revision the plan is at now.</summary>
    public async Task SetCanaryAsync(string model, string canary, decimal percent, string reason)
    {
        var revision = (await PlanAsync(model)).GetProperty("revision").GetInt64();
        using var admin = Http(Roles.Admin);
        using var response = await admin.PutAsJsonAsync($"/v1/models/{model}/rollout", new { canary, canaryPercent = percent, revision, reason });
        Assert.True(response.IsSuccessStatusCode, $"setting the canary of {model}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
