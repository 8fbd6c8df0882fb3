using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// A minimal ASP.NET service around a ranking function, on its own port in the benchmark's process: <c>POST /v1/rank</c>
/// with the grid's body (<c>userId</c>, <c>candidates</c>, <c>k</c>), the best <c>k</c> items back as JSON. No
/// authentication, no logging, no rate limits, no monitoring: what any service would be with nothing else to do, so the
/// peers are measured through the same HTTP stack and load generator as the grid.
/// </summary>
public sealed class PeerEndpoint : IAsyncDisposable
{
    /// <summary>The scores of <paramref name="candidates"/> for <paramref name="userId"/>, in candidate order.</summary>
    public delegate ValueTask<float[]> Ranker(string userId, string[] candidates);

    private readonly WebApplication _app;

    private PeerEndpoint(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public sealed record RankBody(string UserId, string[] Candidates, int K);

    public sealed record Item(string ItemId, double Score);

    public sealed record RankAnswer(bool Fallback, Item[] Items);

    public static async Task<PeerEndpoint> StartAsync(Ranker rank)
    {
        var port = GridUnderTest.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/v1/rank", async (RankBody body) => TypedResults.Ok(new RankAnswer(false, Best(body, await rank(body.UserId, body.Candidates)))));
        await app.StartAsync();
        return new PeerEndpoint(app, port);
    }

    private static Item[] Best(RankBody body, float[] scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(scores.ToArray(), order);
        var k = Math.Min(body.K, order.Length);
        var best = new Item[k];
        for (var i = 0; i < k; i++)
        {
            var index = order[order.Length - 1 - i];
            best[i] = new Item(body.Candidates[index], scores[index]);
        }

        return best;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
