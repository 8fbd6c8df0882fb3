using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Benchmarks;

/// <summary><c>side-by-side</c>: the limit, the Redis-backed peer and raw Kafka next to the grid, in one run on one machine;
/// then the HTTP comparison with the floor (<see cref="HttpSideBySide"/>). <c>--http-only</c> runs only the latter.</summary>
public static class SideBySide
{
    private sealed record Row(string What, string Grid, string Other, string Ratio, string Target);

    public static async Task<int> RunAsync(LoadOptions o)
    {
        if (!o.Flag("http-only"))
        {
            await RunOpenLoopAsync(o);
            Console.WriteLine();
        }

        await HttpSideBySide.RunAsync(o);
        return 0;
    }

    private static async Task RunOpenLoopAsync(LoadOptions o)
    {
        var users = (int)o.Num("users", 10_000);
        var rate = o.Num("rate", 1000);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 15));
        var rows = new List<Row>();

        // 1. The limit: bare ONNX Runtime on the same model + an in-memory dictionary lookup for the same 100-candidate batch.
        var hot = new HotPathBenchmarks();
        hot.Setup();
        var limitP50 = LimitInTightLoopP50(hot);

        // 2. The grid, in-process (grain) and through the Orleans client, at the same request rate.
        var setup = await RankLoad.PrepareAsync(users, 100);
        await using var grid = setup.Grid;
        var (viaGrain, _) = await RankLoad.TransportAsync(setup, "grain");
        var (viaClient, owner) = await RankLoad.TransportAsync(setup, "client");
        for (var i = 0; i < 2000; i++)
        {
            await viaGrain(i);
            await viaClient(i);
        }

        var grainRun = await OpenLoop.RunAsync("grid rank via grain", rate, seconds, viaGrain, Commands.Warmup(o));
        var clientRun = await OpenLoop.RunAsync("grid rank via client", rate, seconds, viaClient, Commands.Warmup(o));
        var limitRun = await RunLimitUnderHarnessAsync(hot, rate, seconds, o);
        rows.Add(new("rank p50, 100 candidates vs the limit in a tight loop (one thread)", $"{grainRun.P50Ms:F3} ms", $"{limitP50:F3} ms", $"{grainRun.P50Ms / limitP50:F1}x", "≤ 5x"));
        rows.Add(new("rank p50 vs the limit run by the same open-loop harness", $"{grainRun.P50Ms:F3} ms", $"{limitRun.P50Ms:F3} ms", $"{grainRun.P50Ms / limitRun.P50Ms:F1}x", "≤ 5x"));

        // 3. The Redis-backed peer (Feast-style online store + the same ONNX model) at the same rate.
        rows.AddRange(await CompareWithRedisPeerAsync(setup, clientRun, rate, seconds, o));
        if (owner is not null)
        {
            await owner.DisposeAsync();
        }

        rows.Add(new("rank p50 / p99 via client at " + rate + "/s", $"{clientRun.P50Ms:F3} / {clientRun.P99Ms:F3} ms", "-", "-", "≤ 0.5 / ≤ 3 ms"));
        rows.AddRange(await CompareGrpcWithHttpAsync(setup, rate, seconds, o));

        // 4. and 5. Ingestion: freshness and sustained rate with the generator in-process, then backlog capacity.
        rows.AddRange(await MeasureIngestionAsync(grid, users, o));
        Print(rows);
    }

    /// <summary>The two public doors of the API at the same rate: <c>recsys.v1.Serving/Rank</c> (h2c, protobuf) against
    /// <c>POST /v1/rank</c> (HTTP/1.1, JSON), both with the JWT check, the rate limits and the same serving path.</summary>
    private static async Task<Row[]> CompareGrpcWithHttpAsync(RankLoad.Setup setup, double rate, TimeSpan seconds, LoadOptions o)
    {
        var (viaGrpc, channel) = await RankLoad.TransportAsync(setup, "grpc");
        var (viaHttp, _) = await RankLoad.TransportAsync(setup, "http");
        for (var i = 0; i < 2000; i++)
        {
            await viaGrpc(i);
            await viaHttp(i);
        }

        var grpcRun = await OpenLoop.RunAsync("grid rank via grpc", rate, seconds, viaGrpc, Commands.Warmup(o));
        var httpRun = await OpenLoop.RunAsync("grid rank via http", rate, seconds, viaHttp, Commands.Warmup(o));
        await channel!.DisposeAsync();
        return
        [
            new("rank p50 via gRPC vs HTTP at " + rate + "/s", $"{grpcRun.P50Ms:F3} ms", $"{httpRun.P50Ms:F3} ms", $"{grpcRun.P50Ms / httpRun.P50Ms:F2}", "–"),
            new("rank p99 via gRPC vs HTTP", $"{grpcRun.P99Ms:F3} ms", $"{httpRun.P99Ms:F3} ms", $"{grpcRun.P99Ms / httpRun.P99Ms:F2}", "–"),
        ];
    }

    /// <summary>The limit's p50 over 5,000 calls on one hot thread, after 2,000 unmeasured ones.</summary>
    private static double LimitInTightLoopP50(HotPathBenchmarks hot)
    {
        var samples = new double[5000];
        for (var i = 0; i < 2000; i++)
        {
            hot.Limit100();
        }

        for (var i = 0; i < samples.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            hot.Limit100();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    /// <summary>
    /// The limit under the same open-loop harness: each request handed to a thread-pool thread, as a service would
    /// (the grid's requests also run on pool threads; a tight loop on one hot thread never waits for a wake-up).
    /// </summary>
    private static Task<LoadResult> RunLimitUnderHarnessAsync(HotPathBenchmarks hot, double rate, TimeSpan seconds, LoadOptions o)
    {
        var limitGate = new object();
        Func<long, Task<bool>> limit = _ => Task.Run(() =>
        {
            lock (limitGate)
            {
                hot.Limit100();
            }

            return false;
        });
        return OpenLoop.RunAsync("limit (dictionary + bare ONNX)", rate, seconds, limit, Commands.Warmup(o));
    }

    private static async Task<Row[]> CompareWithRedisPeerAsync(RankLoad.Setup setup, LoadResult clientRun, double rate, TimeSpan seconds, LoadOptions o)
    {
        var grid = setup.Grid;
        var loaded = (await grid.Services.GetRequiredService<ModelSessionCache>().GetAsync("ranker", "v1")).Model!;
        var onnx = grid.Services.GetRequiredService<ModelStore>().Load(loaded.Manifest.Sha256);
        await using var peer = await RedisPeer.StartAsync(onnx, loaded.Manifest, HotPathBenchmarks.Catalog(), setup.Users);
        Func<long, Task<bool>> redis = async i =>
        {
            await peer.RankAsync("u" + (i * 7919 % setup.Users), setup.CandidateSets[i % 64]);
            return false;
        };
        for (var i = 0; i < 2000; i++)
        {
            await redis(i);
        }

        var peerRun = await OpenLoop.RunAsync("redis peer", rate, seconds, redis, Commands.Warmup(o));
        return
        [
            new("rank p50 via client vs Redis peer", $"{clientRun.P50Ms:F3} ms", $"{peerRun.P50Ms:F3} ms", $"{clientRun.P50Ms / peerRun.P50Ms:F2}", "≤ 0.33"),
            new("rank p99 via client vs Redis peer", $"{clientRun.P99Ms:F3} ms", $"{peerRun.P99Ms:F3} ms", $"{clientRun.P99Ms / peerRun.P99Ms:F2}", "-"),
        ];
    }

    /// <summary>
    /// Ingestion with the generator producing on the same cores: freshness at 20k/s, then the applied rate at the
    /// target rate; then capacity: one backlog drained by the grid (the generator idle) and by a bare Confluent consumer.
    /// </summary>
    private static async Task<Row[]> MeasureIngestionAsync(GridUnderTest grid, int users, LoadOptions o)
    {
        var ingest = await IngestLoad.RunAsync(grid, 20_000, users, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        var fresh = new Row("freshness p50 / p99 at 20,000 events/s", $"{ingest.FreshnessP50Ms:F0} / {ingest.FreshnessP99Ms:F0} ms", "-", "-", "p99 ≤ 250 ms");
        var high = await IngestLoad.RunAsync(grid, o.Num("ingest-rate", 100_000), users, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        var sustained = new Row($"ingestion sustained, {high.OfferedRate:F0}/s offered (generator in-process)", $"{high.AppliedPerSecond:F0}/s, fresh p99 {high.FreshnessP99Ms:F0} ms", "-", "-", "≥ 100,000/s");
        var catchUp = await IngestLoad.CatchUpAsync(grid, users, 100_000, (int)o.Num("catch-up-rounds", 5));
        var raw = IngestLoad.RawConsumerRate(grid.Kafka, catchUp.EventsPerRound);
        var capacity = new Row("ingestion capacity (backlog drain): applied vs raw consumer", $"{catchUp.AppliedPerSecond:F0}/s", $"{raw:F0}/s", $"{catchUp.AppliedPerSecond / raw:P0}", "≥ 100,000/s");
        return [fresh, sustained, capacity];
    }

    private static void Print(List<Row> rows)
    {
        Console.WriteLine($"{"comparison",-62} {"grid",-32} {"other",-14} {"ratio",-8} target");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.What,-62} {r.Grid,-32} {r.Other,-14} {r.Ratio,-8} {r.Target}");
        }
    }
}
