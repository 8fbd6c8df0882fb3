using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// The HTTP half of <c>side-by-side</c>: the grid's <c>POST /v1/rank</c> with its defaults on (prediction log for every
/// request, drift sampling, JWT, metrics) and with the prediction log and drift sampling off, next to the floor (dictionary
/// features, the same ONNX model, a minimal ASP.NET endpoint) and the Redis peer behind the same minimal endpoint; plus
/// the grid's <c>POST /v1/recommend</c>. Every row is driven the same way: a closed loop of <c>--connections</c> (default 4,
/// as <c>wrk -c4</c>) raw keep-alive connections sending pre-built requests, 100 candidates that exist, k = 10.
/// </summary>
public static class HttpSideBySide
{
    private const int Candidates = 100;
    private const int Items = 500;
    private const int Prebuilt = 256;

    private sealed record Settings(int Users, int Connections, TimeSpan Seconds, TimeSpan Warmup);

    private sealed record Runs(LoadResult Grid, LoadResult Quiet, LoadResult Floor, LoadResult? Redis, LoadResult Recommend, string? RedisMissing);

    public static async Task RunAsync(LoadOptions o)
    {
        var s = new Settings((int)o.Num("users", 10_000), (int)o.Num("connections", 4), TimeSpan.FromSeconds(o.Num("http-seconds", o.Num("seconds", 15))),
            Commands.Warmup(o));
        var runs = await MeasureAsync(s);
        Print(s, runs);
    }

    /// <summary>Per-subject and per-route rate limits lifted, so that no request of the run is throttled.</summary>
    private static Dictionary<string, string?> Unthrottled(bool monitoring)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Recsys:RateLimits:RankPerSecond"] = "10000000",
            ["Recsys:Auth:RateLimitPerSecond"] = "1000000",
        };
        if (!monitoring)
        {
            settings["Recsys:Grid:PredictionSampleRate"] = "0";
            settings["Recsys:Grid:DriftSampleRate"] = "0";
        }

        return settings;
    }

    private static async Task<Runs> MeasureAsync(Settings s)
    {
        LoadResult grid, floor, recommend;
        LoadResult? redis = null;
        string? redisMissing = null;
        var setup = await RankLoad.PrepareAsync(s.Users, Candidates, Unthrottled(monitoring: true));
        await using (setup.Grid)
        {
            grid = await RunGridAsync("grid rank, defaults", s, setup, "/v1/rank", RankBody);
            recommend = await RunGridAsync("grid recommend, defaults", s, setup, "/v1/recommend", RecommendBody);
            var (onnx, manifest) = await ModelAsync(setup.Grid);
            using var floorPeer = await FloorPeer.FromGridAsync(setup.Grid, onnx, manifest, s.Users, Items);
            await using (var endpoint = await PeerEndpoint.StartAsync(floorPeer.Rank))
            {
                floor = await RunPeerAsync("floor", s, setup, endpoint.Port);
            }

            try
            {
                await using var redisPeer = await RedisPeer.StartAsync(onnx, manifest, HotPathBenchmarks.Catalog(), s.Users);
                await using var endpoint = await PeerEndpoint.StartAsync(async (user, candidates) => await redisPeer.RankAsync(user, candidates));
                redis = await RunPeerAsync("redis peer", s, setup, endpoint.Port);
            }
            catch (InvalidOperationException ex)
            {
                redisMissing = ex.Message;
            }
        }

        var quietSetup = await RankLoad.PrepareAsync(s.Users, Candidates, Unthrottled(monitoring: false));
        await using (quietSetup.Grid)
        {
            var quiet = await RunGridAsync("grid rank, monitoring off", s, quietSetup, "/v1/rank", RankBody);
            return new Runs(grid, quiet, floor, redis, recommend, redisMissing);
        }
    }

    private static async Task<(byte[] Onnx, ModelManifest Manifest)> ModelAsync(GridUnderTest grid)
    {
        var loaded = (await grid.Services.GetRequiredService<ModelSessionCache>().GetAsync(ModelNames.Default, "v1")).Model!;
        return (grid.Services.GetRequiredService<ModelStore>().Load(loaded.Manifest.Sha256), loaded.Manifest);
    }

    private static string RankBody(RankLoad.Setup setup, long i) =>
        $$"""{"userId":"{{User(setup, i)}}","candidates":[{{string.Join(",", setup.CandidateSets[i % 64].Select(c => $"\"{c}\""))}}],"k":10}""";

    private static string RecommendBody(RankLoad.Setup setup, long i) => $$"""{"userId":"{{User(setup, i)}}","k":10}""";

    private static string User(RankLoad.Setup setup, long i) => "u" + (i * 7919 % setup.Users);

    /// <summary>Callers of the grid: the same token on every request (minted once, as a client would keep it).</summary>
    private static Task<LoadResult> RunGridAsync(string name, Settings s, RankLoad.Setup setup, string path, Func<RankLoad.Setup, long, string> body)
    {
        var port = new Uri(setup.Grid.Url).Port;
        var token = setup.Grid.Token;
        var requests = Enumerable.Range(0, Prebuilt).Select(i => RawHttpConnection.Post(port, path, token, body(setup, i))).ToArray();
        return RunAsync(name, s, port, requests);
    }

    /// <summary>The grid's rank row alone (for <c>monitoring-cost</c>): the same requests and loop as this command's.</summary>
    public static Task<LoadResult> RunGridRankAsync(string name, int connections, TimeSpan seconds, TimeSpan warmup, RankLoad.Setup setup) =>
        RunGridAsync(name, new Settings(setup.Users, connections, seconds, warmup), setup, "/v1/rank", RankBody);

    private static Task<LoadResult> RunPeerAsync(string name, Settings s, RankLoad.Setup setup, int port)
    {
        var requests = Enumerable.Range(0, Prebuilt).Select(i => RawHttpConnection.Post(port, "/v1/rank", null, RankBody(setup, i))).ToArray();
        return RunAsync(name, s, port, requests);
    }

    private static async Task<LoadResult> RunAsync(string name, Settings s, int port, byte[][] requests)
    {
        var connections = new List<RawHttpConnection>();
        try
        {
            var result = await ClosedLoop.RunAsync(name, s.Connections, s.Seconds, s.Warmup, async _ =>
            {
                var connection = await RawHttpConnection.OpenAsync(port);
                connections.Add(connection);
                return i => connection.ExchangeAsync(requests[i % requests.Length]);
            });
            Console.Error.WriteLine($"[side-by-side] {result}");
            return result;
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    private static void Print(Settings s, Runs r)
    {
        Console.WriteLine($"HTTP rank, {Candidates} candidates, k 10: closed loop, {s.Connections} connections, {s.Seconds.TotalSeconds:F0} s per row after {s.Warmup.TotalSeconds:F0} s of warm-up");
        Console.WriteLine($"{"system",-70} {"p50 ms",8} {"p99 ms",8} {"req/s",8} {"vs floor",9} {"errors",7} {"fallbacks",9}");
        void Row(string what, LoadResult? run) => Console.WriteLine(run is null
            ? $"{what,-70} {"not run: " + r.RedisMissing}"
            : $"{what,-70} {run.P50Ms,8:F3} {run.P99Ms,8:F3} {run.AchievedRate,8:F0} {run.AchievedRate / r.Floor.AchievedRate,9:P0} {run.Errors,7} {run.Fallbacks,9}");
        Row("grid, defaults (prediction log 100 %, drift sampling, JWT, metrics)", r.Grid);
        Row("grid, prediction log and drift sampling off", r.Quiet);
        Row("floor: dictionary features + same ONNX + minimal ASP.NET", r.Floor);
        Row("Redis peer: HGETALL + 100 HMGET pipelined + same ONNX, minimal ASP.NET", r.Redis);
        Row("grid recommend (popularity and categories -> rank), defaults", r.Recommend);
        Console.WriteLine();
        Console.WriteLine($"{"target",-52} {"measured",10} {"target",10}  verdict");
        void Target(string what, double measured, string format, string target, bool met) =>
            Console.WriteLine($"{what,-52} {measured.ToString(format, System.Globalization.CultureInfo.InvariantCulture),10} {target,10}  {(met ? "met" : "NOT met")}");
        var share = r.Grid.AchievedRate / r.Floor.AchievedRate;
        var p50Ratio = r.Grid.P50Ms / r.Floor.P50Ms;
        var monitoring = 1 - (r.Grid.AchievedRate / r.Quiet.AchievedRate);
        var recommend = r.Recommend.P50Ms / r.Grid.P50Ms;
        Target("throughput, grid defaults / floor", share, "P0", ">= 70 %", share >= 0.7);
        Target("p50, grid defaults / floor", p50Ratio, "F2", "<= 1.5", p50Ratio <= 1.5);
        Target("p99, grid defaults (ms)", r.Grid.P99Ms, "F2", "<= 5", r.Grid.P99Ms <= 5);
        Target("monitoring cost: 1 - defaults / monitoring off", monitoring, "P0", "<= 10 %", monitoring <= 0.1);
        Target("recommend p50 / rank p50", recommend, "F2", "<= 1.5", recommend <= 1.5);
        if (r.Redis is { } redis)
        {
            Console.WriteLine($"{"throughput, grid defaults / Redis peer",-52} {r.Grid.AchievedRate / redis.AchievedRate,10:F2} {"-",10}");
        }
    }
}
