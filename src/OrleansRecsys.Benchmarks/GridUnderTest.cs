using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Api;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.FeatureIngestion;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Rpc;
using OrleansRecsys.Security;
using OrleansRecsys.Silo;
using OrleansRecsys.Testing;
using OrleansRecsys.Training;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// An in-process silo on the embedded default (memory storage, in-process mock Kafka, the demo ranker), seeded
/// with a synthetic world, for benchmarks and the load tool.
/// </summary>
public sealed class GridUnderTest : IAsyncDisposable
{
    private GridUnderTest(WebApplication app, string url, string dir)
    {
        App = app;
        Url = url;
        Directory = dir;
    }

    public WebApplication App { get; }
    public string Url { get; }
    public string Directory { get; }

    /// <summary>The silo's gRPC address (h2c), <c>Recsys:Host:GrpcUrl</c>.</summary>
    public string GrpcUrl => App.Configuration[GrpcPort.Key]!;
    public IServiceProvider Services => App.Services;
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();
    public string Kafka => Services.GetRequiredService<KafkaBootstrap>().Servers;
    public int GatewayPort => int.Parse(App.Configuration["Recsys:Host:GatewayPort"]!);
    public string Token => TokenMinter.Mint(Services.GetRequiredService<SigningKeyHolder>().Key, "orleans-recsys", "recsys", "bench", [Roles.Admin], TimeSpan.FromHours(2));

    public static int FreePort() => EmbeddedGrid.FreePort();

    public static async Task<GridUnderTest> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("recsys-bench-").FullName;
        var overrides = EmbeddedGrid.Overrides(Path.Combine(dir, "models"), extra);
        var url = overrides["Recsys:Host:HttpUrl"]!;
        var app = RecsysHost.CreateBuilder([], overrides).Build();
        app.MapRecsysApi();
        app.MapRecsysGrpc();
        await app.StartAsync();
        return new GridUnderTest(app, url, dir);
    }

    /// <summary>Which users to seed: ids u{First} .. u{First+Count-1}.</summary>
    public sealed record SeedPlan(int First, int Count, int SessionsPerUser = 3)
    {
        public int EventsPerUser => SessionsPerUser * 8;
    }

    /// <summary>Seeds users and items straight into their grains (the features a rank reads), as ingestion would.</summary>
    public async Task SeedAsync(int users, int sessionsPerUser = 3, IProgress<string>? progress = null)
    {
        var world = new SyntheticWorld(users: Math.Max(users, 1), items: 500, seed: 3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long offset = 0;
        var itemTasks = world.ItemUpserts(now - 3_600_000).Select(u =>
            Grains.GetGrain<IItemFeatureStateGrain>(u.ItemId).ApplyAsync(new ApplyBatch([new SourcedEvent("seed/0", offset++, null, u)], [])).AsTask());
        await Task.WhenAll(itemTasks);
        await SeedUsersAsync(new SeedPlan(0, users, sessionsPerUser), progress);
    }

    public async Task SeedUsersAsync(SeedPlan plan, IProgress<string>? progress = null)
    {
        var world = new SyntheticWorld(users: plan.First + plan.Count, items: 500, seed: 3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sessionsPerUser = plan.SessionsPerUser;
        var categories = world.Items.ToDictionary(i => i.Id, i => i.Category, StringComparer.Ordinal);
        long seq = 0;
        var batch = new List<Task>();
        for (var u = plan.First; u < plan.First + plan.Count; u++)
        {
            var events = new List<SourcedEvent>();
            for (var s = 0; s < sessionsPerUser; s++)
            {
                foreach (var e in world.Session(u, now - 3_000_000 + (s * 600_000), ref seq))
                {
                    // With its item's category, as ingestion enriches it (category affinity is part of a user's state).
                    events.Add(new SourcedEvent("seed/1", seq, e with { Category = categories[e.ItemId] }, null));
                }
            }

            batch.Add(Grains.GetGrain<IUserFeatureStateGrain>(SyntheticWorld.UserId(u)).ApplyAsync(new ApplyBatch(events.ToArray(), [])).AsTask());
            if (batch.Count >= 200)
            {
                await Task.WhenAll(batch);
                batch.Clear();
                if ((u + 1 - plan.First) % 10_000 == 0)
                {
                    progress?.Report($"seeded {u + 1 - plan.First}/{plan.Count} users");
                }
            }
        }

        await Task.WhenAll(batch);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}
