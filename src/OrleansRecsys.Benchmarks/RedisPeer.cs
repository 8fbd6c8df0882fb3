using System.Diagnostics;
using System.Globalization;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Inference;
using OrleansRecsys.Training;
using StackExchange.Redis;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// The usual design, for comparison: a Feast-style online store in Redis (Debian's redis-server) holding each
/// user's and item's features as hashes, read by a service with one pipelined round trip (HGETALL for the user,
/// HMGET for each of 100 items), cross features computed in the service, then the same ONNX model.
/// </summary>
public sealed class RedisPeer : IAsyncDisposable
{
    private readonly Process _server;
    private readonly ConnectionMultiplexer _redis;
    private readonly OnnxScorer _scorer;
    private readonly string[] _features;
    private readonly RedisValue[] _itemFields;

    private RedisPeer(Process server, ConnectionMultiplexer redis, OnnxScorer scorer, string[] features)
    {
        _server = server;
        _redis = redis;
        _scorer = scorer;
        _features = features;
        _itemFields = [.. features.Where(f => f.StartsWith("item_", StringComparison.Ordinal)).Select(f => (RedisValue)f), "item_category"];
    }

    /// <summary>Starts Debian's redis-server; a machine without it gets the install command instead of a stack trace.</summary>
    private static Process StartServer(int port)
    {
        var start = new ProcessStartInfo("redis-server", $"--port {port} --save \"\" --appendonly no --bind 127.0.0.1")
        {
            RedirectStandardOutput = true,
        };
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The Redis peer needs redis-server on the PATH: apt-get install redis-server", ex);
        }
    }

    public static async Task<RedisPeer> StartAsync(byte[] onnx, ModelManifest manifest, FeatureCatalog catalog, int users)
    {
        var port = GridUnderTest.FreePort();
        var server = StartServer(port);
        await Task.Delay(300);
        var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port}");
        var peer = new RedisPeer(server, redis, OnnxScorer.Load(onnx, manifest.InputName, manifest.OutputName, manifest.Features.Length), manifest.Features);
        await peer.LoadAsync(catalog, users);
        return peer;
    }

    /// <summary>Materialises the same synthetic world's features (as an offline job would) into Redis hashes.</summary>
    private async Task LoadAsync(FeatureCatalog catalog, int users)
    {
        var engine = new FeatureEngine(catalog);
        var world = new SyntheticWorld(users: users, items: 500, seed: 3);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var db = _redis.GetDatabase();
        var items = new Dictionary<string, EntityState>();
        foreach (var u in world.ItemUpserts(now - 3_600_000))
        {
            engine.ApplyItem(items[u.ItemId] = new EntityState(), u);
        }

        long seq = 0;
        var writes = new List<Task>();
        for (var u = 0; u < users; u++)
        {
            var s = new EntityState();
            for (var k = 0; k < 3; k++)
            {
                foreach (var e in world.Session(u, now - 3_000_000 + (k * 600_000), ref seq))
                {
                    var category = items[e.ItemId].Labels.GetValueOrDefault("item_category");
                    engine.ApplyUser(s, e with { Category = category });
                    engine.ApplyItem(items[e.ItemId], e);
                }
            }

            var snap = engine.Snapshot("u" + u, s, EntityKind.User, now);
            var fields = snap.Numbers.Select(kv => new HashEntry(kv.Key, kv.Value))
                .Concat(snap.Keyed["user_category_affinity"].Select(kv => new HashEntry("aff:" + kv.Key, kv.Value)))
                .Concat(snap.Recent["user_recent_items"].Select(kv => new HashEntry("seen:" + kv.Key, kv.LastSeenMs)))
                .ToArray();
            writes.Add(db.HashSetAsync("user:u" + u, fields));
            if (writes.Count > 500)
            {
                await Task.WhenAll(writes);
                writes.Clear();
            }
        }

        foreach (var (id, s) in items)
        {
            var snap = engine.Snapshot(id, s, EntityKind.Item, now);
            writes.Add(db.HashSetAsync("item:" + id, snap.Numbers.Select(kv => new HashEntry(kv.Key, kv.Value))
                .Append(new HashEntry("item_category", snap.Labels.GetValueOrDefault("item_category") ?? "")).ToArray()));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>One ranking the Feast way: fetch (one pipelined round trip), assemble rows, score.</summary>
    public async Task<float[]> RankAsync(string userId, string[] candidates)
    {
        var db = _redis.GetDatabase();
        var batch = db.CreateBatch();
        var userTask = batch.HashGetAllAsync("user:" + userId);
        var itemTasks = new Task<RedisValue[]>[candidates.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            itemTasks[i] = batch.HashGetAsync("item:" + candidates[i], _itemFields);
        }

        batch.Execute();
        var user = (await userTask).ToDictionary(e => e.Name.ToString(), e => e.Value);
        await Task.WhenAll(itemTasks);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var width = _features.Length;
        var rows = new float[candidates.Length * width];
        var affinityTotal = user.Where(kv => kv.Key.StartsWith("aff:", StringComparison.Ordinal)).Sum(kv => (double)kv.Value);
        double U(string name) => user.TryGetValue(name, out var v) && v.HasValue ? (double)v : 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            var item = itemTasks[i].Result;
            var category = item[^1].ToString();
            for (var j = 0; j < width; j++)
            {
                var f = _features[j];
                var itemIndex = Array.IndexOf(_itemFields, (RedisValue)f);
                rows[(i * width) + j] = (float)(f switch
                {
                    "ui_category_affinity" => U("aff:" + category) / (affinityTotal + 1),
                    "ui_secs_since_user_saw_item" => user.TryGetValue("seen:" + candidates[i], out var seen) ? Math.Min(2_592_000, (now - (long)seen) / 1000.0) : 2_592_000,
                    "ui_price_to_user_avg" => U("user_purchases_total") > 0 && U("user_spend_total") > 0
                        ? Parse(item[Array.IndexOf(_itemFields, (RedisValue)"item_price")]) / (U("user_spend_total") / U("user_purchases_total")) : 1,
                    _ when itemIndex >= 0 => Parse(item[itemIndex]),
                    _ => U(f),
                });
            }
        }

        var scores = new float[candidates.Length];
        _scorer.Score(rows, candidates.Length, scores);
        return scores;
    }

    private static double Parse(RedisValue v) => v.HasValue && double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        _scorer.Dispose();
        try
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
