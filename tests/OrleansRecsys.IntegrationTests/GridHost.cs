using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Api;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Rpc;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;

namespace OrleansRecsys.IntegrationTests;

/// <summary>One silo process-in-a-test: the same host builder the run command uses, with test overrides.</summary>
public sealed class GridHost : IAsyncDisposable
{
    private GridHost(WebApplication app, string url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }
    public string Url { get; }
    public IServiceProvider Services => App.Services;
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();
    public IngestionService Ingestion => Services.GetRequiredService<IngestionService>();
    /// <summary>The host's gRPC address (h2c), <c>Recsys:Host:GrpcUrl</c>.</summary>
    public string GrpcUrl => App.Configuration[GrpcPort.Key]!;
    public int GatewayPort => int.Parse(App.Configuration["Recsys:Host:GatewayPort"]!);

    public static async Task<GridHost> StartAsync(string kafka, string? postgres, string groupId, string modelStore, bool train = true,
        IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var overrides = EmbeddedGrid.Overrides(modelStore, new Dictionary<string, string?>
        {
            ["Recsys:Host:AdvertisedIp"] = "127.0.0.1",
            ["Recsys:Storage:Provider"] = postgres is null ? "memory" : "postgres",
            ["Recsys:Storage:ConnectionString"] = postgres,
            ["Recsys:Kafka:BootstrapServers"] = kafka,
            ["Recsys:Kafka:GroupId"] = groupId,
            ["Recsys:Kafka:CheckpointIntervalMs"] = "200",
            ["Recsys:Kafka:SessionTimeoutMs"] = "6000",
            ["Recsys:Grid:DeadlineMs"] = "2000",
            ["Recsys:Grid:DriftSampleRate"] = "1",
            ["Recsys:Grid:PredictionVectorSampleRate"] = "1",
            ["Recsys:Auth:SigningKey"] = TestInfra.SigningKey,
            ["Recsys:Auth:RateLimitPerSecond"] = "100000",
            ["Recsys:Demo:TrainAtStart"] = train.ToString(),
            ["Recsys:Demo:TrainingSessions"] = "800",
        }, extra);
        var url = overrides["Recsys:Host:HttpUrl"]!;

        var builder = RecsysHost.CreateBuilder([], overrides);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapRecsysApi();
        app.MapRecsysGrpc();
        await app.StartAsync();
        return new GridHost(app, url);
    }

    public HttpClient Http(params string[] roles)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        if (roles.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestInfra.Token(roles));
        }

        return client;
    }

    /// <summary>
    /// Waits until the host answers <c>/health/ready</c>: joined, and every version its models' plans route to loaded and
    /// warmed, with the request path warm. A load balancer waits for the same before it sends a silo traffic; a rank sent
    /// earlier may still be loading a model within its deadline, and fall back.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = Http();
        await TestInfra.WaitUntil(async () =>
        {
            using var response = await http.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), "readiness of " + Url);
    }

    /// <summary>A channel to the host's gRPC port; calls carry no token unless they pass one (<see cref="Bearer"/>).</summary>
    public GrpcChannel Grpc() => GrpcChannel.ForAddress(GrpcUrl);

    /// <summary>Call options with a bearer token for <paramref name="roles"/> in the metadata, as HTTP puts it in a header.</summary>
    public static CallOptions Bearer(params string[] roles) =>
        new(new Metadata { { "Authorization", "Bearer " + TestInfra.Token(roles) } }, deadline: DateTime.UtcNow.AddSeconds(30));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
