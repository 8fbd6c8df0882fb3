using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Benchmarks;

/// <summary>The load tool's commands: each prints a final table (and JSON with --json).</summary>
public static class Commands
{
    private static void Print(LoadResult r, Options o)
    {
        Console.WriteLine(LoadResult.Header);
        Console.WriteLine(r);
        if (o.Flag("json"))
        {
            Console.WriteLine(r.ToJson());
        }
    }

    private static async Task Warm(Func<long, Task<bool>> call)
    {
        for (var i = 0; i < 2000; i++)
        {
            await call(i);
        }
    }

    /// <summary><c>--warmup S</c> (default 5): seconds of the same open-loop schedule run and discarded first.</summary>
    public static TimeSpan Warmup(Options o) => TimeSpan.FromSeconds(o.Num("warmup", 5));

    public static async Task<int> RankAsync(Options o)
    {
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 10_000), (int)o.Num("candidates", 100));
        await using var grid = setup.Grid;
        var via = o.Get("via", "client");
        var (call, owner) = await RankLoad.TransportAsync(setup, via);
        await Warm(call);
        var r = await OpenLoop.RunAsync($"rank via {via} ({setup.Candidates} cands)", o.Num("rate", 1000), TimeSpan.FromSeconds(o.Num("seconds", 20)), call, Warmup(o));
        Print(r, o);
        if (owner is not null)
        {
            await owner.DisposeAsync();
        }

        return 0;
    }

    public static async Task<int> CurveAsync(Options o)
    {
        var setup = await RankLoad.PrepareAsync((int)o.Num("users", 10_000), (int)o.Num("candidates", 100));
        await using var grid = setup.Grid;
        var via = o.Get("via", "client");
        var (call, owner) = await RankLoad.TransportAsync(setup, via);
        await Warm(call);
        var results = new List<LoadResult>();
        var first = true;
        foreach (var rate in o.Get("rates", "500,1000,2000,4000,6000,8000").Split(',').Select(double.Parse))
        {
            var r = await OpenLoop.RunAsync($"rank via {via} @ {rate}", rate, TimeSpan.FromSeconds(o.Num("seconds", 10)), call, first ? Warmup(o) : TimeSpan.Zero);
            first = false;
            results.Add(r);
            Console.Error.WriteLine(r);
            await Task.Delay(1000);
        }

        Console.WriteLine(LoadResult.Header);
        results.ForEach(r => Console.WriteLine(r));
        if (owner is not null)
        {
            await owner.DisposeAsync();
        }

        return 0;
    }

    public static async Task<int> IngestAsync(Options o)
    {
        await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?> { ["Recsys:Demo:TrainAtStart"] = "false" });
        var users = (int)o.Num("users", 10_000);
        var rate = o.Num("rate", 20_000);
        var seconds = o.Num("seconds", 15);
        var r = await IngestLoad.RunAsync(grid, rate, users, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(o.Num("warmup", 5)));
        Console.WriteLine(IngestLoad.Result.Header);
        Console.WriteLine(r);
        if (o.Flag("raw"))
        {
            var raw = IngestLoad.RawConsumerRate(grid.Kafka, r.Produced);
            Console.WriteLine($"raw Confluent consumer on the same broker: {raw:F0} messages/s; grid applied {r.AppliedPerSecond:F0} events/s ({r.AppliedPerSecond / raw:P0} of raw)");
        }

        return 0;
    }

    public static async Task<int> CatchUpAsync(Options o)
    {
        await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?> { ["Recsys:Demo:TrainAtStart"] = "false" });
        var r = await IngestLoad.CatchUpAsync(grid, (int)o.Num("users", 10_000), (long)o.Num("events", 100_000), (int)o.Num("rounds", 5));
        Console.WriteLine(IngestLoad.CatchUpResult.Header);
        Console.WriteLine(r);
        if (o.Flag("raw"))
        {
            var raw = IngestLoad.RawConsumerRate(grid.Kafka, r.EventsPerRound);
            Console.WriteLine($"raw Confluent consumer on the same broker: {raw:F0} messages/s; grid applied {r.AppliedPerSecond:F0} events/s ({r.AppliedPerSecond / raw:P0} of raw)");
        }

        if (o.Flag("json"))
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(r));
        }

        return 0;
    }

    public static async Task<int> MemoryAsync(Options o)
    {
        await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?> { ["Recsys:Demo:TrainAtStart"] = "false" });
        var users = (int)o.Num("users", 20_000);
        await grid.SeedAsync(100); // items and warm-up
        long Heap()
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            return GC.GetTotalMemory(true);
        }

        var before = Heap();
        var seed = new GridUnderTest.SeedPlan(100, users);
        await grid.SeedUsersAsync(seed, progress: new Progress<string>(m => Console.Error.WriteLine(m)));
        var after = Heap();
        var perUser = (after - before) / (double)users;
        Console.WriteLine($"memory: {users} active user grains (3 sessions each, ~{seed.EventsPerUser} events) add {(after - before) / 1048576.0:F1} MiB: {perUser:F0} bytes per user grain (activation + state)");

        // Item grains: an upsert and ~24 interactions each.
        var items = users / 2;
        var itemsBefore = Heap();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var start = 0; start < items; start += 500)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(500, items - start)).Select(k =>
            {
                var id = "mem-i" + k;
                var events = new List<SourcedEvent> { new("mem/0", 0, null, new ItemUpsert(id, "cat" + (k % 8), 10 + k % 50, [], now - 3_600_000)) };
                for (var e = 1; e <= 24; e++)
                {
                    events.Add(new SourcedEvent("mem/0", e, new Interaction($"mem-{k}-{e}", "u" + e, id, (InteractionType)(e % 4), now - (e * 60_000), 1, null), null));
                }

                return grid.Grains.GetGrain<IItemFeatureGrain>(id).ApplyAsync(new ApplyBatch(events.ToArray(), [])).AsTask();
            }));
        }

        var itemsAfter = Heap();
        Console.WriteLine($"memory: {items} active item grains (an upsert and 24 interactions each) add {(itemsAfter - itemsBefore) / 1048576.0:F1} MiB: " +
            $"{(itemsAfter - itemsBefore) / (double)items:F0} bytes per item grain (activation + state)");

        // Loaded model versions: ONNX sessions live in native memory, so measure the process's resident set minus what
        // the GC has committed (server GC grows and returns committed memory on its own schedule).
        var trained = Training.RankerTrainer.TrainDemo(HotPathBenchmarks.Catalog(), new Training.RankerTrainer.Options("memprobe", "template"), sessions: 1500);
        const int versions = 20;
        for (var v = 0; v < versions; v++)
        {
            var result = await grid.Grains.GetGrain<IModelRegistryGrain>("memprobe")
                .RegisterAsync(trained.Manifest with { Version = "m" + v }, new Orleans.Concurrency.Immutable<byte[]>(trained.Onnx), "bench");
            if (result.Status != RegistrationStatus.Registered)
            {
                throw new InvalidOperationException(result.Error);
            }
        }

        static long Native()
        {
            using var p = System.Diagnostics.Process.GetCurrentProcess();
            return p.WorkingSet64 - GC.GetGCMemoryInfo().TotalCommittedBytes;
        }

        Heap();
        var nativeBefore = Native();
        var heapBefore = GC.GetTotalMemory(true);
        for (var v = 0; v < versions; v++)
        {
            var error = await grid.Grains.GetGrain<IModelVersionGrain>("memprobe@m" + v).GetHealthErrorAsync();
            if (error is not null)
            {
                throw new InvalidOperationException(error);
            }
        }

        Heap();
        var nativeAfter = Native();
        var heapAfter = GC.GetTotalMemory(true);
        Console.WriteLine($"memory: {versions} loaded versions of the demo ranker ({trained.Onnx.Length / 1024.0:F0} KiB ONNX each) add " +
            $"{(nativeAfter - nativeBefore) / versions / 1024.0:F0} KiB resident outside the GC heap and {(heapAfter - heapBefore) / versions / 1024.0:F0} KiB managed per version");
        return 0;
    }

    public static async Task<int> PeerAsync(Options o)
    {
        var users = (int)o.Num("users", 10_000);
        var setup = await RankLoad.PrepareAsync(users, 100);
        await using var grid = setup.Grid;
        var loaded = (await grid.Services.GetRequiredService<ModelSessionCache>().GetAsync("ranker", "v1")).Model!;
        var onnx = grid.Services.GetRequiredService<ModelStore>().Load(loaded.Manifest.Sha256);
        await using var peer = await RedisPeer.StartAsync(onnx, loaded.Manifest, HotPathBenchmarks.Catalog(), users);
        var (client, owner) = await RankLoad.TransportAsync(setup, o.Get("via", "client"));
        Func<long, Task<bool>> redis = async i =>
        {
            await peer.RankAsync("u" + (i * 7919 % users), setup.CandidateSets[i % 64]);
            return false;
        };
        await Warm(redis);
        await Warm(client);
        var rate = o.Num("rate", 1000);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 15));
        var peerResult = await OpenLoop.RunAsync("redis HGETALL+HMGET + onnx", rate, seconds, redis, Warmup(o));
        var gridResult = await OpenLoop.RunAsync($"grid rank via {o.Get("via", "client")}", rate, seconds, client, Warmup(o));
        Console.WriteLine(LoadResult.Header);
        Console.WriteLine(peerResult);
        Console.WriteLine(gridResult);
        Console.WriteLine($"grid p50 / redis-peer p50 = {gridResult.P50Ms / peerResult.P50Ms:F2} (target ≤ 0.33)");
        if (owner is not null)
        {
            await owner.DisposeAsync();
        }

        return 0;
    }
}

/// <summary><c>side-by-side</c>: the limit, the Redis-backed peer and raw Kafka next to the grid, in one run on one machine.</summary>
public static class SideBySide
{
    public static async Task<int> RunAsync(Options o)
    {
        var users = (int)o.Num("users", 10_000);
        var rate = o.Num("rate", 1000);
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 15));
        var rows = new List<(string What, string Grid, string Other, string Ratio, string Target)>();

        // 1. The limit: bare ONNX Runtime on the same model + an in-memory dictionary lookup for the same 100-candidate batch.
        var hot = new HotPathBenchmarks();
        hot.Setup();
        var limitSamples = new double[5000];
        for (var i = 0; i < 2000; i++)
        {
            hot.Limit100();
        }

        for (var i = 0; i < limitSamples.Length; i++)
        {
            var t = System.Diagnostics.Stopwatch.GetTimestamp();
            hot.Limit100();
            limitSamples[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        Array.Sort(limitSamples);
        var limitP50 = limitSamples[limitSamples.Length / 2];

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

        // The limit under the same open-loop harness: each request handed to a thread-pool thread, as a service would
        // (the grid's requests also run on pool threads; a tight loop on one hot thread never waits for a wake-up).
        var limitGate = new object();
        Func<long, Task<bool>> limit = _ => Task.Run(() =>
        {
            lock (limitGate)
            {
                hot.Limit100();
            }

            return false;
        });
        var limitRun = await OpenLoop.RunAsync("limit (dictionary + bare ONNX)", rate, seconds, limit, Commands.Warmup(o));
        rows.Add(("rank p50, 100 candidates vs the limit in a tight loop (one thread)", $"{grainRun.P50Ms:F3} ms", $"{limitP50:F3} ms", $"{grainRun.P50Ms / limitP50:F1}x", "≤ 5x"));
        rows.Add(("rank p50 vs the limit run by the same open-loop harness", $"{grainRun.P50Ms:F3} ms", $"{limitRun.P50Ms:F3} ms", $"{grainRun.P50Ms / limitRun.P50Ms:F1}x", "≤ 5x"));

        // 3. The Redis-backed peer (Feast-style online store + the same ONNX model) at the same rate.
        var loaded = (await grid.Services.GetRequiredService<ModelSessionCache>().GetAsync("ranker", "v1")).Model!;
        var onnx = grid.Services.GetRequiredService<ModelStore>().Load(loaded.Manifest.Sha256);
        await using (var peer = await RedisPeer.StartAsync(onnx, loaded.Manifest, HotPathBenchmarks.Catalog(), users))
        {
            Func<long, Task<bool>> redis = async i =>
            {
                await peer.RankAsync("u" + (i * 7919 % users), setup.CandidateSets[i % 64]);
                return false;
            };
            for (var i = 0; i < 2000; i++)
            {
                await redis(i);
            }

            var peerRun = await OpenLoop.RunAsync("redis peer", rate, seconds, redis, Commands.Warmup(o));
            rows.Add(("rank p50 via client vs Redis peer", $"{clientRun.P50Ms:F3} ms", $"{peerRun.P50Ms:F3} ms", $"{clientRun.P50Ms / peerRun.P50Ms:F2}", "≤ 0.33"));
            rows.Add(("rank p99 via client vs Redis peer", $"{clientRun.P99Ms:F3} ms", $"{peerRun.P99Ms:F3} ms", $"{clientRun.P99Ms / peerRun.P99Ms:F2}", "-"));
        }

        if (owner is not null)
        {
            await owner.DisposeAsync();
        }

        rows.Add(("rank p50 / p99 via client at " + rate + "/s", $"{clientRun.P50Ms:F3} / {clientRun.P99Ms:F3} ms", "-", "-", "≤ 0.5 / ≤ 3 ms"));

        // 4. Ingestion with the generator producing on the same 2 cores: freshness at 20k/s, then the applied rate at
        //    the target rate.
        var ingest = await IngestLoad.RunAsync(grid, 20_000, users, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        rows.Add(("freshness p50 / p99 at 20,000 events/s", $"{ingest.FreshnessP50Ms:F0} / {ingest.FreshnessP99Ms:F0} ms", "-", "-", "p99 ≤ 250 ms"));
        var high = await IngestLoad.RunAsync(grid, o.Num("ingest-rate", 100_000), users, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        rows.Add(($"ingestion sustained, {high.OfferedRate:F0}/s offered (generator in-process)", $"{high.AppliedPerSecond:F0}/s, fresh p99 {high.FreshnessP99Ms:F0} ms", "-", "-", "≥ 100,000/s"));

        // 5. Ingestion capacity: one backlog drained by the grid (the generator idle) and by a bare Confluent consumer.
        var catchUp = await IngestLoad.CatchUpAsync(grid, users, 100_000, (int)o.Num("catch-up-rounds", 5));
        var raw = IngestLoad.RawConsumerRate(grid.Kafka, catchUp.EventsPerRound);
        rows.Add(("ingestion capacity (backlog drain): applied vs raw consumer", $"{catchUp.AppliedPerSecond:F0}/s", $"{raw:F0}/s", $"{catchUp.AppliedPerSecond / raw:P0}", "≥ 100,000/s"));

        Console.WriteLine($"{"comparison",-62} {"grid",-32} {"other",-14} {"ratio",-8} target");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.What,-62} {r.Grid,-32} {r.Other,-14} {r.Ratio,-8} {r.Target}");
        }

        return 0;
    }
}

/// <summary><c>batching</c>: scoring throughput through ModelVersionGrain with micro-batching off and on, at several concurrencies.</summary>
public static class BatchingBench
{
    public static async Task<int> RunAsync(Options o)
    {
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 5));
        var concurrencies = o.Get("concurrency", "1,4,16").Split(',').Select(int.Parse).ToArray();
        var waits = o.Get("wait-us", "0,200").Split(',').Select(int.Parse).ToArray();
        var rows = (int)o.Num("rows", 100);
        var results = new List<string>();
        foreach (var wait in waits)
        {
            await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?> { ["Recsys:Grid:MicroBatchWaitUs"] = wait.ToString() });
            var version = grid.Grains.GetGrain<IModelVersionGrain>("ranker@v1");
            var input = new float[rows * Training.RankerTrainer.DefaultFeatures.Length];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = i % 13;
            }

            await version.ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(input), rows);
            foreach (var c in concurrencies)
            {
                long calls = 0;
                var until = DateTime.UtcNow + seconds;
                await Task.WhenAll(Enumerable.Range(0, c).Select(async _ =>
                {
                    while (DateTime.UtcNow < until)
                    {
                        await version.ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(input), rows);
                        Interlocked.Increment(ref calls);
                    }
                }));
                var line = $"{(wait == 0 ? "off" : wait + " µs"),-10} {c,12} {calls / seconds.TotalSeconds,14:F0}";
                Console.Error.WriteLine(line);
                results.Add(line);
            }
        }

        Console.WriteLine($"{"batching",-10} {"concurrency",12} {"calls/s (" + rows + " rows)",14}");
        results.ForEach(Console.WriteLine);
        return 0;
    }
}
