using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using OrleansRecsys.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A silo of its own for the batch tests (in-memory state, mock Kafka, ranker@v1), so a run covers only these users:
/// <see cref="Users"/> users with interactions on 12 items of two categories, all in the activity shards before any test.
/// </summary>
public sealed class BatchGridFixture : IAsyncLifetime
{
    public const int Users = 30;

    private IProducer<byte[], byte[]>? _kafkaHolder;
    private string _store = "";

    public GridHost Host { get; private set; } = null!;
    public string Kafka { get; private set; } = "";

    public static string UserId(int i) => $"bt-user-{i}";

    public async Task InitializeAsync()
    {
        (_kafkaHolder, Kafka) = MockKafkaCluster.Start();
        _store = Directory.CreateTempSubdirectory("recsys-batch-").FullName;
        Host = await GridHost.StartAsync(Kafka, null, "batch", _store, train: false, extra: new Dictionary<string, string?>
        {
            ["Recsys:Batch:ResumeCheckSeconds"] = "2",
            ["Recsys:Batch:ActivityFlushSeconds"] = "1",
        });
        using var admin = Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "v1")).StatusCode);
        await IngestAsync(admin);
    }

    private async Task IngestAsync(HttpClient admin)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = Enumerable.Range(0, 12).Select(i => new { itemId = $"bt-{i}", category = i < 6 ? "bt-books" : "bt-games", price = 5.0 + i, ts = now - 60_000 });
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items", items)).StatusCode);
        var events = Enumerable.Range(0, Users).SelectMany(u => Enumerable.Range(0, 3).Select(e => new
        {
            eventId = $"bt-{u}-{e}", userId = UserId(u), itemId = $"bt-{(u + e * 5) % 12}", type = "click", ts = now - 1000 + e,
        }));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", events)).StatusCode);
        await TestInfra.WaitUntil(async () => await ActiveUsersAsync() == Users && (await Host.Grains.GetGrain<IPopularityGrain>(PopularityKeys.Global).TopAsync(20)).Length == 12,
            TimeSpan.FromSeconds(60), "every user in the activity shards and every item in the popular list");
    }

    /// <summary>How many users the activity shards hold.</summary>
    public async Task<int> ActiveUsersAsync()
    {
        var total = 0;
        for (var shard = 0; shard < ActivityShards.Count; shard++)
        {
            total += (await Host.Grains.GetGrain<IUserActivityShardGrain>(shard).ActiveSinceAsync(0)).Length;
        }

        return total;
    }

    /// <summary>Starts a run as admin and waits until it is no longer running; answers its final status.</summary>
    public async Task<System.Text.Json.JsonElement> RunToEndAsync(object body)
    {
        using var admin = Host.Http(Roles.Admin);
        var started = await admin.PostAsJsonAsync("/v1/batch/runs", body);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        System.Text.Json.JsonElement run = default;
        await TestInfra.WaitUntil(async () => (run = await (await admin.GetAsync(location)).Json()).GetProperty("state").GetString() != "running",
            TimeSpan.FromSeconds(60), () => $"run {location} to finish: {run}");
        return run;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_store, recursive: true);
    }
}
