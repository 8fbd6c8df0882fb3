using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansRecsys.Client;

namespace OrleansRecsys.Benchmarks;

/// <summary>Rank load against an in-process silo: through the silo-local grain factory, a separate Orleans client, HTTP or gRPC.</summary>
public static class RankLoad
{
    public sealed record Setup(GridUnderTest Grid, int Users, int Candidates, string[][] CandidateSets);

    /// <param name="settings">Configuration on top of the embedded default (limits, breaker settings).</param>
    public static async Task<Setup> PrepareAsync(int users, int candidates, IDictionary<string, string?>? settings = null)
    {
        var grid = await GridUnderTest.StartAsync(settings);
        await grid.SeedAsync(users, progress: new Progress<string>(m => Console.Error.WriteLine(m)));
        return new Setup(grid, users, candidates, CandidateSets(candidates));
    }

    /// <summary>The 64 candidate sets requests take in turn: the same in every process that sends them (a fixed seed).</summary>
    public static string[][] CandidateSets(int candidates)
    {
        var rng = new Random(9);
        return Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, candidates).Select(_ => "i" + rng.Next(500)).ToArray()).ToArray();
    }

    /// <summary>A callable for one transport; returns whether the answer was a fallback.</summary>
    public static async Task<(Func<long, Task<bool>> Call, IAsyncDisposable? Owner)> TransportAsync(Setup s, string via) => via switch
    {
        "grain" => (ViaGrain(s), null),
        "client" => await ViaClientAsync(s),
        "http" => (ViaHttp(s), null),
        "grpc" => ViaGrpc(s),
        _ => throw new ArgumentException("--via must be grain, client, http or grpc"),
    };

    private static string User(Setup s, long i) => "u" + (i * 7919 % s.Users);

    private static Func<long, Task<bool>> ViaGrain(Setup s)
    {
        var ranking = s.Grid.Grains.GetGrain<IRankingGrain>(0);
        return async i => (await ranking.RankAsync(new RankRequest(User(s, i), s.CandidateSets[i % 64], 10, "ranker"))).Fallback;
    }

    private static async Task<(Func<long, Task<bool>>, IAsyncDisposable?)> ViaClientAsync(Setup s)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddRecsysClient(o =>
        {
            o.GatewayPort = s.Grid.GatewayPort;
            o.DefaultDeadline = TimeSpan.FromMilliseconds(50);
        });
        var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IRecsysClient>();
        return (async i => (await client.RankAsync(User(s, i), s.CandidateSets[i % 64], 10)).Fallback, new HostOwner(host));
    }

    private static Func<long, Task<bool>> ViaHttp(Setup s)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var http = new HttpClient(handler) { BaseAddress = new Uri(s.Grid.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", s.Grid.Token);
        return async i =>
        {
            using var response = await http.PostAsJsonAsync("/v1/rank", new { userId = User(s, i), candidates = s.CandidateSets[i % 64], k = 10 });
            response.EnsureSuccessStatusCode();
            using var doc = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            return doc.RootElement.GetProperty("fallback").GetBoolean();
        };
    }

    /// <summary><c>recsys.v1.Serving/Rank</c> over h2c with the same token in the metadata; one channel, as a service
    /// would keep one (HTTP/2 multiplexes the calls, more connections open when the streams of one are all in use).</summary>
    private static (Func<long, Task<bool>>, IAsyncDisposable?) ViaGrpc(Setup s)
    {
        var channel = GrpcChannel.ForAddress(s.Grid.GrpcUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionLifetime = TimeSpan.FromMinutes(10) },
        });
        var serving = new Rpc.V1.Serving.ServingClient(channel);
        var headers = new Metadata { { "Authorization", "Bearer " + s.Grid.Token } };
        return (async i =>
        {
            var request = new Rpc.V1.RankRequest { UserId = User(s, i), K = 10 };
            request.Candidates.Add(s.CandidateSets[i % 64]);
            return (await serving.RankAsync(request, headers)).Fallback;
        }, new ChannelOwner(channel));
    }

    private sealed class ChannelOwner(GrpcChannel channel) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            channel.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class HostOwner(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
