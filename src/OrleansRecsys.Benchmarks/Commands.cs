using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains.FeatureIngestion;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Inference;

namespace OrleansRecsys.Benchmarks;

/// <summary>The load tool's commands: each prints a final table (and JSON with --json).</summary>
public static class Commands
{
    /// <summary>For commands that measure ingestion or memory: no demo ranker trained at start.</summary>
    private static readonly Dictionary<string, string?> NoDemoModel = new() { ["Recsys:Demo:TrainAtStart"] = "false" };

    private static void Print(LoadResult r, LoadOptions o)
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
    public static TimeSpan Warmup(LoadOptions o) => TimeSpan.FromSeconds(o.Num("warmup", 5));

    public static async Task<int> RankAsync(LoadOptions o)
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

    public static async Task<int> CurveAsync(LoadOptions o)
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

    public static async Task<int> IngestAsync(LoadOptions o)
    {
        await using var grid = await GridUnderTest.StartAsync(NoDemoModel);
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

    public static async Task<int> CatchUpAsync(LoadOptions o)
    {
        await using var grid = await GridUnderTest.StartAsync(NoDemoModel);
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

    public static async Task<int> MemoryAsync(LoadOptions o)
    {
        await using var grid = await GridUnderTest.StartAsync(NoDemoModel);
        var users = (int)o.Num("users", 20_000);
        await grid.SeedAsync(100); // items and warm-up
        await MeasureUserGrainsAsync(grid, users);
        await MeasureItemGrainsAsync(grid, users / 2);
        await MeasureModelVersionsAsync(grid);
        return 0;
    }

    /// <summary>The managed heap after full, compacting collections: what live objects hold.</summary>
    private static long CollectedHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(true);
    }

    private static async Task MeasureUserGrainsAsync(GridUnderTest grid, int users)
    {
        var before = CollectedHeap();
        var seed = new GridUnderTest.SeedPlan(100, users);
        await grid.SeedUsersAsync(seed, progress: new Progress<string>(m => Console.Error.WriteLine(m)));
        var after = CollectedHeap();
        var perUser = (after - before) / (double)users;
        Console.WriteLine($"memory: {users} active user grains (3 sessions each, ~{seed.EventsPerUser} events) add {(after - before) / 1048576.0:F1} MiB: {perUser:F0} bytes per user grain (activation + state)");
    }

    /// <summary>Item grains: an upsert and ~24 interactions each, with a full co-visitation sketch.</summary>
    private static async Task MeasureItemGrainsAsync(GridUnderTest grid, int items)
    {
        var before = CollectedHeap();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var start = 0; start < items; start += 500)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(500, items - start)).Select(k =>
            {
                var id = "mem-i" + k;
                var events = new List<SourcedEvent> { new("mem/0", 0, null, new ItemUpsert(id, "cat" + (k % 8), 10 + k % 50, [], now - 3_600_000)) };
                for (var e = 1; e <= 24; e++)
                {
                    // Each interaction carries two co-items, as ingestion hands them over: 48 co-visits over ~40 items, so
                    // the co-visitation sketch fills all its counters (the most an item holds).
                    events.Add(new SourcedEvent("mem/0", e, new Interaction($"mem-{k}-{e}", "u" + e, id, (InteractionType)(e % 4), now - (e * 60_000), 1, null), null,
                        ["mem-i" + ((k + e) % items), "mem-i" + ((k + (3 * e)) % items)]));
                }

                return grid.Grains.GetGrain<IItemFeatureStateGrain>(id).ApplyAsync(new ApplyBatch(events.ToArray(), [])).AsTask();
            }));
        }

        var after = CollectedHeap();
        Console.WriteLine($"memory: {items} active item grains (an upsert and 24 interactions each) add {(after - before) / 1048576.0:F1} MiB: " +
            $"{(after - before) / (double)items:F0} bytes per item grain (activation + state, co-visitation sketch full)");
    }

    /// <summary>
    /// Loaded model versions: ONNX sessions live in native memory, so measure the process's resident set minus what
    /// the GC has committed (server GC grows and returns committed memory on its own schedule).
    /// </summary>
    private static async Task MeasureModelVersionsAsync(GridUnderTest grid)
    {
        const int versions = 20;
        var trained = Training.RankerTrainer.TrainDemo(HotPathBenchmarks.Catalog(), new Training.RankerTrainer.Options("memprobe", "template"), sessions: 1500);
        for (var v = 0; v < versions; v++)
        {
            using var onnx = new MemoryStream(trained.Onnx, writable: false);
            var staged = await ModelUploads.UploadAsync(grid.Grains, onnx);
            var result = await grid.Grains.GetGrain<IModelRegistryGrain>("memprobe")
                .RegisterAsync(trained.Manifest with { Version = "m" + v }, staged, "bench");
            if (result.Status != RegistrationStatus.Registered)
            {
                throw new InvalidOperationException(result.Error);
            }
        }

        CollectedHeap();
        var nativeBefore = ResidentOutsideGcHeap();
        var heapBefore = GC.GetTotalMemory(true);
        for (var v = 0; v < versions; v++)
        {
            var error = await grid.Grains.GetGrain<IModelVersionGrain>(new ModelVersionKey("memprobe", "m" + v).ToString()).GetHealthErrorAsync();
            if (error is not null)
            {
                throw new InvalidOperationException(error);
            }
        }

        CollectedHeap();
        var nativeAfter = ResidentOutsideGcHeap();
        var heapAfter = GC.GetTotalMemory(true);
        Console.WriteLine($"memory: {versions} loaded versions of the demo ranker ({trained.Onnx.Length / 1024.0:F0} KiB ONNX each) add " +
            $"{(nativeAfter - nativeBefore) / versions / 1024.0:F0} KiB resident outside the GC heap and {(heapAfter - heapBefore) / versions / 1024.0:F0} KiB managed per version");
    }

    private static long ResidentOutsideGcHeap()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64 - GC.GetGCMemoryInfo().TotalCommittedBytes;
    }

    public static async Task<int> PeerAsync(LoadOptions o)
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
