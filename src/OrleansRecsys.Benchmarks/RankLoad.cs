using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansRecsys.Client;

namespace OrleansRecsys.Benchmarks;

/// <summary>Rank load against an in-process silo: through the silo-local grain factory, a separate Orleans client, or HTTP.</summary>
public static class RankLoad
{
    public sealed record Setup(GridUnderTest Grid, int Users, int Candidates, string[][] CandidateSets);

    /// <param name="settings">Configuration on top of the embedded default (limits, breaker settings).</param>
    public static async Task<Setup> PrepareAsync(int users, int candidates, IDictionary<string, string?>? settings = null)
    {
        var grid = await GridUnderTest.StartAsync(settings);
        await grid.SeedAsync(users, progress: new Progress<string>(m => Console.Error.WriteLine(m)));
        var rng = new Random(9);
        var sets = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, candidates).Select(_ => "i" + rng.Next(500)).ToArray()).ToArray();
        return new Setup(grid, users, candidates, sets);
    }

    /// <summary>A callable for one transport; returns whether the answer was a fallback.</summary>
    public static async Task<(Func<long, Task<bool>> Call, IAsyncDisposable? Owner)> TransportAsync(Setup s, string via)
    {
        var grid = s.Grid;
        switch (via)
        {
            case "grain":
                var ranking = grid.Grains.GetGrain<IRankingGrain>(0);
                return (async i =>
                {
                    var r = await ranking.RankAsync(new RankRequest("u" + (i * 7919 % s.Users), s.CandidateSets[i % 64], 10, "ranker"));
                    return r.Fallback;
                }, null);
            case "client":
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.AddRecsysClient(o =>
                {
                    o.GatewayPort = grid.GatewayPort;
                    o.DefaultDeadline = TimeSpan.FromMilliseconds(50);
                });
                var host = builder.Build();
                await host.StartAsync();
                var client = host.Services.GetRequiredService<IRecsysClient>();
                return (async i =>
                {
                    var r = await client.RankAsync("u" + (i * 7919 % s.Users), s.CandidateSets[i % 64], 10);
                    return r.Fallback;
                }, new HostOwner(host));
            case "http":
                var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
                var http = new HttpClient(handler) { BaseAddress = new Uri(grid.Url) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", grid.Token);
                return (async i =>
                {
                    using var response = await http.PostAsJsonAsync("/v1/rank", new { userId = "u" + (i * 7919 % s.Users), candidates = s.CandidateSets[i % 64], k = 10 });
                    response.EnsureSuccessStatusCode();
                    using var doc = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                    return doc.RootElement.GetProperty("fallback").GetBoolean();
                }, null);
            default:
                throw new ArgumentException("--via must be grain, client or http");
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
